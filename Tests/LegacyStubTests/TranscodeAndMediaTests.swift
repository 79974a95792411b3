import Foundation
import Testing

struct TranscodeAndMediaTests {
    @Test func placeholderTranscodeFinishesAndMediaServesRanges() async throws {
        try await StubProcess.with { stub in
            let client = stub.client
            let token = try login(client, "alice")
            let video = sampleVideo(102_400, seed: 3)
            let upload = try client.send(
                "POST",
                "/api/videos?title=To%20transcode",
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "video/mp4"],
                body: video
            )
            let id = try #require(try upload.json()["id"] as? Int)

            let accepted = try client.postJSON("/api/transcode", ["video_id": id, "renditions": ["360p", "720p"]])
            #expect(accepted.status == 202)
            let acceptedJSON = try accepted.json()
            #expect(acceptedJSON["status"] as? String == "queued")
            #expect(acceptedJSON["video_id"] as? Int == id)
            let jobID = try #require(acceptedJSON["job_id"] as? Int)

            let done = try await eventually {
                try client.get("/api/transcode/\(jobID)").json()["status"] as? String == "done"
            }
            try #require(done, "transcode job did not finish")
            let job = try client.get("/api/transcode/\(jobID)").json()
            #expect(job["progress"] as? Double == 1.0)
            let renditions = try #require(job["renditions"] as? [[String: Any]])
            #expect(renditions.map { $0["name"] as? String } == ["360p", "720p"])
            #expect(renditions.map { $0["width"] as? Int } == [640, 1280])
            #expect(renditions.map { $0["height"] as? Int } == [360, 720])
            #expect(renditions.allSatisfy { $0["bytes"] as? Int == video.count })
            #expect(renditions.last?["url"] as? String == "/media/\(id)/720p.mp4")

            let shown = try client.get("/api/videos/\(id)").json()
            #expect((shown["renditions"] as? [[String: Any]])?.count == 2)
            #expect(shown["status"] as? String == "ready")

            let partial = try client.get("/media/\(id)/720p.mp4", headers: ["Range": "bytes=1000-1999"])
            #expect(partial.status == 206)
            #expect(partial.headers["content-range"] == "bytes 1000-1999/\(video.count)")
            #expect(partial.headers["content-type"] == "video/mp4")
            #expect(partial.headers["accept-ranges"] == "bytes")
            #expect(partial.body == Array(video[1000...1999]))

            let suffix = try client.get("/media/\(id)/360p.mp4", headers: ["Range": "bytes=-100"])
            #expect(suffix.status == 206)
            #expect(suffix.body == Array(video.suffix(100)))

            let whole = try client.get("/media/\(id)/360p.mp4")
            #expect(whole.status == 200)
            #expect(whole.body == video)

            let outside = try client.get("/media/\(id)/720p.mp4", headers: ["Range": "bytes=999999999-"])
            #expect(outside.status == 416)
            #expect(outside.headers["content-range"] == "bytes */\(video.count)")
        }
    }

    @Test func transcodeRejectsUnknownVideoAndRendition() async throws {
        try await StubProcess.with { stub in
            #expect(
                try stub.client.postJSON("/api/transcode", ["video_id": 999, "renditions": ["360p"]]).status == 404
            )
            let unknown = try stub.client.postJSON("/api/transcode", ["video_id": 1, "renditions": ["4k"]])
            #expect(unknown.status == 400)
            #expect(try unknown.errorCode().code == "unknown_rendition")
            #expect(try stub.client.get("/api/transcode/12345").status == 404)
            #expect(try stub.client.get("/media/1/1080p.mp4").status == 404)
        }
    }
}
