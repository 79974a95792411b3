import Foundation
import ServiceTestSupport
import Testing

struct FeedTests {
    /// Follows `next_cursor` from the first page to the end and returns every item id.
    private func allPages(_ client: HTTPTestClient, user: Int, limit: Int) throws -> (ids: [Int], pages: Int) {
        var ids: [Int] = []
        var cursor: String?
        var pages = 0
        repeat {
            let path = "/api/feed?user_id=\(user)&limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? "")
            let json = try client.get(path).json()
            let items = try #require(json["items"] as? [[String: Any]])
            #expect(items.count <= limit)
            ids += items.compactMap { $0["id"] as? Int }
            cursor = json["next_cursor"] as? String
            if cursor == nil { #expect(json["next_cursor"] is NSNull) }
            pages += 1
        } while cursor != nil && pages < 100
        return (ids, pages)
    }

    @Test func pagesConcatenateToTheWholeNewestFirstFeed() async throws {
        try await StubProcess.with { stub in
            let expected = seededFeedIDs(of: 1)
            let (ids, pages) = try allPages(stub.client, user: 1, limit: 7)
            #expect(ids == expected)
            #expect(pages == (expected.count + 6) / 7)

            let first = try stub.client.get("/api/feed?user_id=1").json()
            let items = try #require(first["items"] as? [[String: Any]])
            #expect(items.count == 20)
            #expect(first["next_cursor"] as? String == String(expected[19]))
            let video = try #require(items.first)
            #expect(
                Set(video.keys) == ["id", "user_id", "title", "bytes", "sha256", "status", "duration_s", "renditions"]
            )
        }
    }

    @Test func cursorStaysStableWhileNewVideosArrive() async throws {
        try await StubProcess.with { stub in
            let page1 = try stub.client.get("/api/feed?user_id=2&limit=5").json()
            let cursor = try #require(page1["next_cursor"] as? String)
            let token = try login(stub.client, "bob")
            let upload = try stub.client.send(
                "POST",
                "/api/videos?title=new",
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "video/mp4"],
                body: sampleVideo(1000)
            )
            #expect(upload.status == 201)
            let page2 = try stub.client.get("/api/feed?user_id=2&limit=5&cursor=\(cursor)").json()
            let ids = try #require(page2["items"] as? [[String: Any]]).compactMap { $0["id"] as? Int }
            #expect(ids == Array(seededFeedIDs(of: 2)[5..<10]))
            let fresh = try stub.client.get("/api/feed?user_id=2&limit=1").json()["items"] as? [[String: Any]]
            #expect(fresh?.first?["id"] as? Int == 41)
        }
    }

    @Test func badInputsAre400WithRequestID() async throws {
        try await StubProcess.with { stub in
            let bad = try stub.client.get("/api/feed?user_id=1&cursor=abc")
            #expect(bad.status == 400)
            let error = try bad.errorCode()
            #expect(error.code == "bad_cursor")
            #expect(error.requestID != nil && error.requestID == bad.headers["x-request-id"])

            #expect(try stub.client.get("/api/feed?user_id=1&limit=0").errorCode().code == "bad_limit")
            #expect(try stub.client.get("/api/feed?user_id=1&limit=101").errorCode().code == "bad_limit")
            #expect(try stub.client.get("/api/feed").status == 400)
            #expect(try stub.client.get("/api/feed?user_id=77").status == 404)
        }
    }
}
