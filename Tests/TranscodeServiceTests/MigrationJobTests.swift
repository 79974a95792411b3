import Foundation
import ServiceTestSupport
import Testing

/// Transcode job ids while the feature moves: the two sides never give one id to two jobs, a job legacy
/// ran is still answered after the move, and mirrored (shadow) jobs stay dark on both sides.
@Suite(.serialized)
struct MigrationJobTests {
    /// A stack (legacy stub, transcode service) and a real clip uploaded to legacy by alice.
    private func stackWithVideo() async throws -> (ServiceStack, videoID: Int) {
        let stack = try await ServiceStack.start()
        let clip = stack.scratch.path("clip.mp4")
        try Media.clip(clip, seconds: 2, size: "320x240")
        let legacy = stack.legacy.client
        let token = try login(legacy, "alice")
        let bytes = try #require(FileManager.default.contents(atPath: clip))
        let upload = try await offPool {
            try legacy.send(
                "POST",
                "/api/videos?title=clip",
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "video/mp4"],
                body: Array(bytes)
            )
        }
        let videoID = try #require(try upload.json()["id"] as? Int, "upload answered \(upload.status)")
        try await offPool { try stack.startTranscode() }
        return (stack, videoID)
    }

    @Test func aJobLegacyRanIsStillAnsweredAfterTheMoveAndNewIDsNeverCollide() async throws {
        let (stack, videoID) = try await stackWithVideo()
        let legacy = stack.legacy
        let service = try #require(stack.transcode)
        let (status, accepted) = try await legacy.request(
            "POST",
            "/api/transcode",
            json: ["video_id": videoID, "renditions": ["360p"]]
        )
        let legacyJob = try #require(accepted["job_id"] as? Int, "legacy answered \(status)")
        #expect(
            try await eventually(timeout: 60) {
                try await legacy.request("GET", "/api/transcode/\(legacyJob)").1["status"] as? String == "done"
            }
        )
        // After the move the new service answers for legacy's job exactly as legacy does.
        let legacyClient = legacy.client
        let serviceClient = service.client
        let asLegacy = try await offPool { try legacyClient.get("/api/transcode/\(legacyJob)") }
        let asNew = try await offPool { try serviceClient.get("/api/transcode/\(legacyJob)") }
        #expect(asNew.status == 200)
        #expect(try canonicalJSON(asNew.body) == canonicalJSON(asLegacy.body))
        // Its own jobs get ids legacy never gave.
        let (_, own) = try await service.request(
            "POST",
            "/api/transcode",
            json: ["video_id": videoID, "renditions": ["360p"]]
        )
        let ownJob = try #require(own["job_id"] as? Int)
        #expect(ownJob >= TranscodeServiceTests.firstJob && ownJob != legacyJob)
        // A mirrored copy asking about legacy's id gets no answer from legacy's data: comparing legacy with
        // itself would prove nothing (the proxy translates ids with `shadow.ids`).
        let mirrored = try await service.request(
            "GET",
            "/api/transcode/\(legacyJob)",
            headers: ["X-Strangler-Shadow": "1"]
        )
        #expect(mirrored.0 == 404)
    }

    @Test func mirroredTranscodesStayDarkOnBothSides() async throws {
        let (stack, videoID) = try await stackWithVideo()
        let shadow = ["X-Strangler-Shadow": "1"]
        for side in [stack.legacy, try #require(stack.transcode)] {
            let (status, accepted) = try await side.request(
                "POST",
                "/api/transcode",
                json: ["video_id": videoID, "renditions": ["360p"]],
                headers: shadow
            )
            #expect(status == 202, "\(side.name)")
            let job = try #require(accepted["job_id"] as? Int)
            // Done and measurable for the mirrored reads that compare it...
            #expect(
                try await eventually(timeout: 60) {
                    try await side.request("GET", "/api/transcode/\(job)", headers: shadow).1["status"] as? String
                        == "done"
                },
                "\(side.name)"
            )
            let (_, seen) = try await side.request("GET", "/api/transcode/\(job)", headers: shadow)
            let renditions = try #require(seen["renditions"] as? [[String: Any]], "\(side.name)")
            #expect(renditions.map { $0["name"] as? String } == ["360p"], "\(side.name)")
            #expect(renditions.first?["width"] as? Int == 320, "\(side.name): never upscaled")
            // ...but invisible to users.
            #expect(try await side.request("GET", "/api/transcode/\(job)").0 == 404, "\(side.name)")
        }
        let (_, video) = try await stack.legacy.request("GET", "/api/videos/\(videoID)")
        #expect(video["status"] as? String == "uploaded")
        #expect((video["renditions"] as? [Any])?.isEmpty == true)
        #expect(!FileManager.default.fileExists(atPath: stack.scratch.path("legacy/media/\(videoID)/360p.mp4")))
        #expect(!FileManager.default.fileExists(atPath: stack.scratch.path("transcode/media/\(videoID)/360p.mp4")))
    }
}
