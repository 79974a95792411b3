import EventLog
import Foundation
import ServiceTestSupport
import Testing
import VideoContract

struct UploadServiceTests {
    @Test func rawUploadIsStoredAboveLegacyIDsAndEmitsOneEvent() async throws {
        let stack = try await ServiceStack.start(upload: true)
        let upload = try #require(stack.upload)
        let token = try login(stack.legacy.client, "bob")
        let video = sampleVideo(200_000)
        let reply = try upload.client.send(
            "POST",
            "/api/videos?title=Raw%20clip",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "video/mp4"],
            body: video
        )
        #expect(reply.status == 201)
        let json = try reply.json()
        let id = try #require(json["id"] as? Int)
        #expect(id > 40)
        #expect(json["user_id"] as? Int == 2)
        #expect(json["sha256"] as? String == sha256Hex(video))
        #expect(json["bytes"] as? Int == video.count)

        let shown = try upload.client.get("/api/videos/\(id)").json()
        #expect(shown["title"] as? String == "Raw clip")
        #expect(shown["duration_s"] is NSNull)
        #expect(try upload.client.get("/media/\(id)/original.mp4").body == video)
        let range = try upload.client.get("/media/\(id)/original.mp4", headers: ["Range": "bytes=10-19"])
        #expect(range.status == 206)
        #expect(range.body == Array(video[10...19]))
        #expect(stack.scratch.files(in: "upload/tmp").isEmpty)

        let log = try SQLiteEventLog(path: stack.eventsPath)
        #expect(try await eventually { try await log.read(after: 0, limit: 10).count == 1 })
        let event = try #require(try await log.read(after: 0, limit: 10).first)
        #expect(event.type == EventType.videoUploaded)
        #expect(event.key == "2")
        let payload = try JSONDecoder().decode(VideoUploadedPayload.self, from: event.payload)
        #expect(payload.video.id == Int64(id))
        #expect(FileManager.default.fileExists(atPath: payload.mediaPath))
        // Consumers read the event's JSON, not the Swift type: one flat object, the upload's answer + media_path.
        let raw = try #require(try JSONSerialization.jsonObject(with: event.payload) as? [String: Any])
        #expect(
            Set(raw.keys) == ["id", "user_id", "title", "bytes", "sha256", "status", "created_at", "media_path"]
        )
    }

    @Test func multipartUploadAndLegacyReadThrough() async throws {
        let stack = try await ServiceStack.start(upload: true)
        let upload = try #require(stack.upload)
        let token = try login(stack.legacy.client, "erin")
        let video = sampleVideo(150_000, seed: 7)
        let boundary = "strangler-test-boundary-1234"
        let reply = try upload.client.send(
            "POST",
            "/api/videos",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "multipart/form-data; boundary=\(boundary)"],
            body: multipartBody(title: "Form clip", file: video, boundary: boundary)
        )
        #expect(reply.status == 201)
        #expect(try reply.json()["sha256"] as? String == sha256Hex(video))
        // Video 7 only exists in legacy: answered read-only from its database and media folder.
        let legacyVideo = try stack.legacy.client.get("/api/videos/7")
        let readThrough = try upload.client.get("/api/videos/7")
        #expect(readThrough.status == 200)
        #expect(readThrough.body == legacyVideo.body)
        #expect(
            try upload.client.get("/media/7/original.mp4").body == stack.legacy.client.get("/media/7/original.mp4").body
        )
        #expect(try upload.client.get("/api/videos/999").status == 404)
    }

    @Test func shadowUploadsAreKeptDark() async throws {
        let stack = try await ServiceStack.start(upload: true)
        let upload = try #require(stack.upload)
        let token = try login(stack.legacy.client, "carol")
        let reply = try upload.client.send(
            "POST",
            "/api/videos?title=Mirrored",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "video/mp4", "X-Strangler-Shadow": "1"],
            body: sampleVideo(10_000)
        )
        #expect(reply.status == 201)
        let id = try #require(try reply.json()["id"] as? Int)
        #expect(try upload.client.get("/api/videos/\(id)").status == 404)
        #expect(stack.scratch.files(in: "upload/shadow").count == 1)
        #expect(stack.scratch.files(in: "upload/media").isEmpty)
        // A live upload afterwards is the first and only event.
        _ = try upload.client.send(
            "POST",
            "/api/videos?title=Live",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "video/mp4"],
            body: sampleVideo(10)
        )
        let log = try SQLiteEventLog(path: stack.eventsPath)
        #expect(try await eventually { try await log.read(after: 0, limit: 10).count == 1 })
        let payload = try JSONDecoder().decode(
            VideoUploadedPayload.self,
            from: try #require(try await log.read(after: 0, limit: 10).first).payload
        )
        #expect(payload.video.title == "Live")
    }

    @Test func interruptedAndOversizedUploadsLeaveNothing() async throws {
        let stack = try await ServiceStack.start(upload: true, maxUploadBytes: 4 << 20)
        let upload = try #require(stack.upload)
        let token = try login(stack.legacy.client, "bob")
        let headers = ["Authorization": "Bearer \(token)", "Content-Type": "video/mp4"]
        let partial = try upload.client.streamUpload(
            "/api/videos?title=Cut",
            headers: headers,
            totalBytes: 3 << 20,
            hangUpAfter: 1 << 20
        )
        #expect(partial.reply == nil)
        #expect(try await eventually { stack.scratch.files(in: "upload/tmp").isEmpty })
        let tooBig = try upload.client.send(
            "POST",
            "/api/videos?title=Big",
            headers: headers,
            body: sampleVideo(5 << 20),
            chunked: true
        )
        #expect(tooBig.status == 413)
        #expect(try tooBig.errorCode().code == "payload_too_large")
        #expect(try await eventually { stack.scratch.files(in: "upload/tmp").isEmpty })
        #expect(stack.scratch.files(in: "upload/media").isEmpty)
        let log = try SQLiteEventLog(path: stack.eventsPath)
        #expect(try await log.read(after: 0, limit: 10).isEmpty)
        #expect(try upload.client.get("/api/videos/1000000001").status == 404)
    }
}
