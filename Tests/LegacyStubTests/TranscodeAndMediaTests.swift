import Foundation
import ServiceTestSupport
import Testing

struct TranscodeAndMediaTests {
    /// A real 1 s 1280x720 H.264/AAC clip made with ffmpeg.
    private func realClip() throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("legacy-clip-\(UUID().uuidString).mp4")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = [
            "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine",
            "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
            path,
        ]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        try #require(ffmpeg.terminationStatus == 0, "ffmpeg could not make a test clip")
        return try #require(FileManager.default.contents(atPath: path).map { [UInt8]($0) })
    }

    @Test func transcodeMakesRealRenditionsAndMediaServesRanges() async throws {
        try await StubProcess.with { stub in
            let client = stub.client
            let token = try login(client, "alice")
            let video = try realClip()
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
            #expect(renditions.last?["url"] as? String == "/media/\(id)/720p.mp4")

            let shown = try client.get("/api/videos/\(id)").json()
            #expect((shown["renditions"] as? [[String: Any]])?.count == 2)
            #expect(shown["status"] as? String == "ready")

            let rendition = try client.get("/media/\(id)/360p.mp4")
            #expect(rendition.status == 200)
            #expect(rendition.body.count == renditions.first?["bytes"] as? Int)
            #expect(Array(rendition.body[4..<8]) == Array("ftyp".utf8), "an MP4 file")

            let partial = try client.get("/media/\(id)/original.mp4", headers: ["Range": "bytes=1000-1999"])
            #expect(partial.status == 206)
            #expect(partial.headers["content-range"] == "bytes 1000-1999/\(video.count)")
            #expect(partial.headers["content-type"] == "video/mp4")
            #expect(partial.headers["accept-ranges"] == "bytes")
            #expect(partial.body == Array(video[1000...1999]))

            let suffix = try client.get("/media/\(id)/original.mp4", headers: ["Range": "bytes=-100"])
            #expect(suffix.status == 206)
            #expect(suffix.body == Array(video.suffix(100)))

            let whole = try client.get("/media/\(id)/original.mp4")
            #expect(whole.status == 200)
            #expect(whole.body == video)

            let outside = try client.get("/media/\(id)/720p.mp4", headers: ["Range": "bytes=999999999-"])
            #expect(outside.status == 416)
        }
    }

    @Test func transcodeOfANonVideoFailsCleanly() async throws {
        try await StubProcess.with { stub in
            // Seeded video 1's original is a few KiB of demo bytes, not a video.
            let accepted = try stub.client.postJSON("/api/transcode", ["video_id": 1, "renditions": ["360p"]])
            let jobID = try #require(try accepted.json()["job_id"] as? Int)
            let failed = try await eventually {
                try stub.client.get("/api/transcode/\(jobID)").json()["status"] as? String == "failed"
            }
            #expect(failed)
            #expect((try stub.client.get("/api/transcode/\(jobID)").json()["renditions"] as? [Any])?.isEmpty == true)
            #expect(try stub.client.get("/api/videos/1").json()["status"] as? String == "ready")
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
