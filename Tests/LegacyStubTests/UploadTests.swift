import Foundation
import ServiceTestSupport
import Testing

struct UploadTests {
    @Test func rawUploadStoresBytesAndDigest() async throws {
        try await StubProcess.with { stub in
            let token = try login(stub.client, "bob")
            let video = sampleVideo(200_000)
            let reply = try stub.client.send(
                "POST",
                "/api/videos?title=Raw%20clip",
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "video/mp4"],
                body: video
            )
            #expect(reply.status == 201)
            let json = try reply.json()
            #expect(json["id"] as? Int == 41)
            #expect(json["user_id"] as? Int == 2)
            #expect(json["title"] as? String == "Raw clip")
            #expect(json["bytes"] as? Int == video.count)
            #expect(json["sha256"] as? String == sha256Hex(video))
            #expect(json["status"] as? String == "uploaded")
            #expect((json["created_at"] as? String)?.hasSuffix("Z") == true)

            let shown = try stub.client.get("/api/videos/41").json()
            #expect(shown["sha256"] as? String == sha256Hex(video))
            #expect(shown["bytes"] as? Int == video.count)
            #expect(shown["duration_s"] is NSNull)
            #expect(try stub.client.get("/media/41/original.mp4").body == video)
            #expect(stub.files(in: "tmp").isEmpty)
        }
    }

    @Test func shadowUploadsAreAnsweredButKeptDark() async throws {
        try await StubProcess.with { stub in
            let token = try login(stub.client, "bob")
            let video = sampleVideo(50_000)
            let reply = try stub.client.send(
                "POST",
                "/api/videos?title=Mirrored",
                headers: [
                    "Authorization": "Bearer \(token)", "Content-Type": "video/mp4", "X-Strangler-Shadow": "1",
                ],
                body: video
            )
            #expect(reply.status == 201)
            #expect(try reply.json()["sha256"] as? String == sha256Hex(video))
            // Nothing stored: the next real upload still gets id 41, and no file stays behind.
            #expect(try stub.client.get("/api/videos/41").status == 404)
            #expect(stub.files(in: "tmp").isEmpty)
            #expect(stub.files(in: "media/41").isEmpty)
        }
    }

    @Test func multipartUploadStreamsTheFilePart() async throws {
        try await StubProcess.with { stub in
            let token = try login(stub.client, "erin")
            let video = sampleVideo(150_000, seed: 7)
            let boundary = "strangler-test-boundary-1234"
            let reply = try stub.client.send(
                "POST",
                "/api/videos",
                headers: [
                    "Authorization": "Bearer \(token)", "Content-Type": "multipart/form-data; boundary=\(boundary)",
                ],
                body: multipartBody(title: "Form clip", file: video, boundary: boundary)
            )
            #expect(reply.status == 201)
            let json = try reply.json()
            #expect(json["title"] as? String == "Form clip")
            #expect(json["user_id"] as? Int == 5)
            #expect(json["bytes"] as? Int == video.count)
            #expect(json["sha256"] as? String == sha256Hex(video))
            let id = try #require(json["id"] as? Int)
            #expect(try stub.client.get("/api/videos/\(id)").json()["sha256"] as? String == sha256Hex(video))
        }
    }

    @Test func uploadWithoutTokenIs401() async throws {
        try await StubProcess.with { stub in
            let reply = try stub.client.send(
                "POST",
                "/api/videos?title=x",
                headers: ["Content-Type": "video/mp4"],
                body: [1, 2, 3]
            )
            #expect(reply.status == 401)
            let forged = try stub.client.send(
                "POST",
                "/api/videos?title=x",
                headers: ["Content-Type": "video/mp4", "Authorization": "Bearer a.b.c"],
                body: [1, 2, 3]
            )
            #expect(forged.status == 401)
            #expect(try forged.errorCode().code == "invalid_token")
        }
    }

    @Test func uploadWithOtherContentTypeIs415() async throws {
        try await StubProcess.with { stub in
            let token = try login(stub.client, "bob")
            let reply = try stub.client.send(
                "POST",
                "/api/videos?title=x",
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "text/plain"],
                body: [1, 2, 3]
            )
            #expect(reply.status == 415)
            #expect(try reply.errorCode().code == "unsupported_media_type")
        }
    }

    @Test(arguments: [false, true])
    func uploadOverTheLimitIs413AndLeavesNothing(chunked: Bool) async throws {
        try await StubProcess.with(arguments: ["--max-upload-bytes", "1000"]) { stub in
            let token = try login(stub.client, "bob")
            let reply = try stub.client.send(
                "POST",
                "/api/videos?title=big",
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "video/mp4"],
                body: sampleVideo(5000),
                chunked: chunked
            )
            #expect(reply.status == 413)
            #expect(try reply.errorCode().code == "payload_too_large")
            #expect(stub.files(in: "tmp").isEmpty)
            #expect(!FileManager.default.fileExists(atPath: stub.dataDirectory.appendingPathComponent("media/41").path))
            #expect(try stub.client.get("/api/videos/41").status == 404)
        }
    }

    @Test func clientDisconnectingMidUploadLeavesNoFileAndNoRow() async throws {
        try await StubProcess.with { stub in
            let token = try login(stub.client, "bob")
            let head =
                "POST /api/videos?title=cut HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: video/mp4\r\nContent-Length: 1000000\r\n\r\n"
            let fd = try stub.client.openAndWrite(Array(head.utf8) + sampleVideo(300_000))
            let started = try await eventually { !stub.files(in: "tmp").isEmpty }
            close(fd)
            #expect(started, "the upload never reached the temp folder")
            #expect(try await eventually { stub.files(in: "tmp").isEmpty })
            #expect(try stub.client.get("/api/videos/41").status == 404)
            #expect(!FileManager.default.fileExists(atPath: stub.dataDirectory.appendingPathComponent("media/41").path))
        }
    }
}
