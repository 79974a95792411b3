import EventLog
import Foundation
import ServiceSupport
import ServiceTestSupport
import Testing

struct UploadLoadTests {
    @Test func fiftyConcurrentUploadsFromTenUsersKeepPerUserOrder() async throws {
        let scratch = try ScratchDirectory("upload-load")
        defer { scratch.remove() }
        let events = scratch.path("events.sqlite")
        // No --legacy-data: users 1-10 need not exist in a legacy database.
        let service = try await ServiceProcess.start(
            "upload-service",
            arguments: ["--data", scratch.path("upload"), "--events", events]
        )
        let signer = JWTSigner(secret: "strangler-dev-secret")
        let now = Int64(Date().timeIntervalSince1970)
        let tokens = try (1...10).map {
            try signer.sign(JWTClaims(sub: "\($0)", name: "u\($0)", iat: now, exp: now + 600))
        }
        let client = service.client
        let ids = try await withThrowingTaskGroup(of: (user: Int, id: Int).self) { group in
            for index in 0..<50 {
                let user = index % 10 + 1
                let token = tokens[user - 1]
                group.addTask {
                    let reply = try await offPool {
                        try client.send(
                            "POST",
                            "/api/videos?title=clip-\(index)",
                            headers: ["Authorization": "Bearer \(token)", "Content-Type": "video/mp4"],
                            body: sampleVideo(64_000, seed: UInt64(index + 1))
                        )
                    }
                    guard reply.status == 201, let id = try reply.json()["id"] as? Int else {
                        throw TestFailure("upload \(index) answered \(reply.status)")
                    }
                    return (user, id)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(ids.count == 50)
        let log = try SQLiteEventLog(path: events)
        #expect(try await eventually { try await log.read(after: 0, limit: 100).count == 50 })
        let all = try await log.read(after: 0, limit: 100)
        for user in 1...10 {
            let mine = all.filter { $0.key == "\(user)" }
            let videoIDs = try mine.map { try JSONDecoder().decode(VideoUploadedPayload.self, from: $0.payload).id }
            #expect(mine.count == 5)
            #expect(videoIDs == videoIDs.sorted(), "user \(user)'s events are out of upload order")
            #expect(Set(videoIDs) == Set(ids.filter { $0.user == user }.map { Int64($0.id) }))
        }
    }

    /// 128 MiB by default (twice the memory bound, so a buffered body fails it); `STRANGLER_BIG_UPLOAD=1`
    /// sends 1 GiB. The big run is opt-in because its final fsync stalls every other writer on the
    /// same ext4 file system for seconds, which would break the latency tests running beside it.
    @Test func largeUploadStreamsWithSmallMemory() async throws {
        let scratch = try ScratchDirectory("upload-big")
        defer { scratch.remove() }
        let service = try await ServiceProcess.start(
            "upload-service",
            arguments: ["--data", scratch.path("upload"), "--events", scratch.path("events.sqlite")]
        )
        let signer = JWTSigner(secret: "strangler-dev-secret")
        let now = Int64(Date().timeIntervalSince1970)
        let token = try signer.sign(JWTClaims(sub: "3", name: "carol", iat: now, exp: now + 600))
        let size = ProcessInfo.processInfo.environment["STRANGLER_BIG_UPLOAD"] == "1" ? 1 << 30 : 128 << 20
        let client = service.client
        let sent = try await offPool {
            try client.streamUpload(
                "/api/videos?title=Big",
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "video/mp4"],
                totalBytes: size
            )
        }
        let reply = try #require(sent.reply)
        #expect(reply.status == 201)
        #expect(try reply.json()["sha256"] as? String == sent.sha256)
        #expect(try reply.json()["bytes"] as? Int == size)
        let peak = try service.peakResidentBytes()
        #expect(peak < 64 << 20, "upload-service peaked at \(peak >> 20) MiB")
    }
}
