import EventLog
import Foundation
import ServiceTestSupport
import Testing
import VideoContract

struct FeedServiceTests {
    @Test func backfilledFeedEqualsLegacyPageByPageForEverySeededUser() async throws {
        let stack = try await ServiceStack.start(feed: true)
        let feed = try #require(stack.feed)
        for user in 1...5 {
            var cursor = ""
            var pages = 0
            repeat {
                let path = "/api/feed?user_id=\(user)&limit=7\(cursor)"
                let (legacyClient, newClient) = (stack.legacy.client, feed.client)
                let (legacy, new) = try await offPool { (try legacyClient.get(path), try newClient.get(path)) }
                #expect(new.status == 200)
                #expect(new.body == legacy.body, "user \(user) page \(pages) differs")
                let next = try legacy.json()["next_cursor"] as? String
                cursor = next.map { "&cursor=\($0)" } ?? ""
                pages += 1
            } while !cursor.isEmpty && pages < 20
            #expect(pages > 1)
        }
    }

    @Test func newUploadAppearsWithinOneSecondViaTheEventLog() async throws {
        let stack = try await ServiceStack.start(upload: true, feed: true)
        let upload = try #require(stack.upload)
        let feed = try #require(stack.feed)
        let token = try login(stack.legacy.client, "carol")
        let log = try SQLiteEventLog(path: stack.eventsPath)
        let reply = try upload.client.send(
            "POST",
            "/api/videos?title=Fresh",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "video/mp4"],
            body: sampleVideo(5_000)
        )
        let id = try #require(try reply.json()["id"] as? Int)
        let start = ContinuousClock.now
        _ = try await eventually(timeout: 5) { try await !log.read(after: 0, limit: 1).isEmpty }
        let logged = ContinuousClock.now - start
        let seen = try await eventually(timeout: 5) {
            let items = try feed.client.get("/api/feed?user_id=1&limit=1").json()["items"] as? [[String: Any]]
            return items?.first?["id"] as? Int == id
        }
        let elapsed = ContinuousClock.now - start
        #expect(seen)
        #expect(elapsed < .seconds(1), "took \(elapsed), of which \(logged) until the event was in the log")
        let item = try #require(try feed.client.get("/api/feed?user_id=3&limit=1").json()["items"] as? [[String: Any]])
            .first
        #expect(item?["duration_s"] is NSNull)
        #expect(item?["status"] as? String == "uploaded")
    }

    @Test func tailsLegacyUploadsAndKeepsCursorsStable() async throws {
        let stack = try await ServiceStack.start(feed: true, backfillInterval: 50)
        let feed = try #require(stack.feed)
        let first = try feed.client.get("/api/feed?user_id=2&limit=5").json()
        let cursor = try #require(first["next_cursor"] as? String)
        let token = try login(stack.legacy.client, "bob")
        let reply = try stack.legacy.client.send(
            "POST",
            "/api/videos?title=Legacy%20clip",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "video/mp4"],
            body: sampleVideo(3_000)
        )
        #expect(reply.status == 201)
        #expect(
            try await eventually(timeout: 5) {
                try feed.client.get("/api/feed?user_id=2").body == stack.legacy.client.get("/api/feed?user_id=2").body
            }
        )
        // The second page is the same as before the new video arrived.
        let path = "/api/feed?user_id=2&limit=5&cursor=\(cursor)"
        #expect(try feed.client.get(path).body == stack.legacy.client.get(path).body)
        let ids = try #require(try feed.client.get(path).json()["items"] as? [[String: Any]]).compactMap {
            $0["id"] as? Int
        }
        #expect(ids.allSatisfy { $0 < Int(cursor)! })
    }

    @Test func transcodedEventsUpdateItemsAndRestartRebuildsTheModel() async throws {
        let stack = try await ServiceStack.start(feed: true)
        let log = try SQLiteEventLog(path: stack.eventsPath)
        let payload = VideoTranscodedPayload(
            videoID: 40,
            userID: 5,
            status: "ready",
            durationSeconds: 12.5,
            renditions: [
                .init(name: "720p", width: 1280, height: 720, bytes: 900, url: "/media/40/720p.mp4"),
                .init(name: "360p", width: 640, height: 360, bytes: 300, url: "/media/40/360p.mp4"),
            ]
        )
        _ = try await log.append(type: EventType.videoTranscoded, key: "5", payload: try JSONEncoder().encode(payload))
        let feed = try #require(stack.feed)
        func top() throws -> [String: Any]? {
            (try feed.client.get("/api/feed?user_id=5&limit=1").json()["items"] as? [[String: Any]])?.first
        }
        #expect(try await eventually { (try top()?["renditions"] as? [Any])?.count == 2 })
        let names = (try top()?["renditions"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["360p", "720p"])
        #expect(try top()?["duration_s"] as? Double == 12.5)

        let before = try feed.client.get("/api/feed?user_id=5").body
        try await offPool { try stack.startFeed(backfill: false) }
        let restarted = try #require(stack.feed)
        #expect(try restarted.client.get("/api/feed?user_id=5").body == before)
    }
}
