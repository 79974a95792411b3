import EventLog
import Foundation
import GRDB
import ServiceTestSupport
import Testing
import VideoContract

@Suite(.serialized)
struct TranscodeServiceTests {
    /// The first job id of a service whose legacy side has not assigned more (`--job-id-base`'s default).
    static let firstJob = 1_000_000_001

    private func makeDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("transcode-svc-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func uploaded(video: Int64, user: Int64, path: String) throws -> Data {
        let payload = VideoUploadedPayload(
            video: UploadedVideoJSON(
                id: video,
                userID: user,
                title: "clip",
                bytes: 1,
                sha256: "x",
                status: "uploaded",
                createdAt: "2026-01-01T00:00:00Z"
            ),
            mediaPath: path
        )
        return try JSONEncoder().encode(payload)
    }

    @Test func aJobKilledMidwayCompletesAfterRestartWithoutDuplicates() async throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = "\(directory)/original.mp4"
        try Media.clip(source, seconds: 30, size: "640x360")
        let events = "\(directory)/events.sqlite"
        let log = try SQLiteEventLog(path: events)
        _ = try await log.append(
            type: EventType.videoUploaded,
            key: "2",
            payload: try uploaded(video: 77, user: 2, path: source)
        )

        let data = "\(directory)/transcode"
        var service = try await ServiceProcess.transcode(data: data, events: events, extra: ["--workers", "1"])
        let midway = try await eventually(timeout: 60) {
            let (status, job) = try await service.request("GET", "/api/transcode/\(Self.firstJob)")
            let progress = job["progress"] as? Double ?? 0
            return status == 200 && job["status"] as? String == "running" && progress > 0.2
        }
        try #require(midway, "the job never got a fifth of the way")
        service.stop()
        let chunks = try FileManager.default.contentsOfDirectory(atPath: "\(data)/work/job-\(Self.firstJob)").filter {
            $0.hasSuffix(".bin")
        }
        #expect(!chunks.isEmpty, "finished chunks are kept for the restart")

        service = try await ServiceProcess.transcode(data: data, events: events, extra: ["--workers", "1"])
        defer { service.stop() }
        let done = try await eventually(timeout: 90) {
            try await service.request("GET", "/api/transcode/\(Self.firstJob)").1["status"] as? String == "done"
        }
        try #require(done, "the job did not finish after the restart")
        let (_, job) = try await service.request("GET", "/api/transcode/\(Self.firstJob)")
        #expect(job["progress"] as? Double == 1)
        let renditions = try #require(job["renditions"] as? [[String: Any]])
        #expect(renditions.map { $0["name"] as? String } == ["360p"])
        #expect(renditions.first?["url"] as? String == "/media/77/360p.mp4")
        #expect(
            try await service.request("GET", "/api/transcode/\(Self.firstJob + 1)").0 == 404,
            "the event must not queue a second job"
        )

        let output = "\(data)/media/77/360p.mp4"
        let decoded = try Media.frames(output)
        #expect(decoded.count == 900 && decoded.clean)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(data)/media/77") == ["360p.mp4"])
        #expect(!FileManager.default.fileExists(atPath: "\(data)/work/job-\(Self.firstJob)"))

        let announced = try await eventually(timeout: 10) {
            try await log.read(after: 0, limit: 100).contains { $0.type == EventType.videoTranscoded }
        }
        try #require(announced)
        let transcoded = try await log.read(after: 0, limit: 100).filter { $0.type == EventType.videoTranscoded }
        #expect(transcoded.count == 1)
        let payload = try JSONDecoder().decode(VideoTranscodedPayload.self, from: transcoded[0].payload)
        #expect(transcoded[0].key == "2" && payload.videoID == 77 && payload.status == "ready")
        #expect(payload.renditions.map(\.name) == ["360p"] && payload.renditions[0].width == 640)
    }

    @Test func answersTheContractAndServesMedia() async throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let legacy = "\(directory)/legacy"
        try FileManager.default.createDirectory(atPath: "\(legacy)/media/5", withIntermediateDirectories: true)
        try Media.clip("\(legacy)/media/5/original.mp4", seconds: 3, size: "320x240")
        try FileManager.default.createDirectory(atPath: "\(legacy)/media/6", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(legacy)/media/6/original.mp4", contents: Data("not a video".utf8))
        let service = try await ServiceProcess.transcode(
            data: "\(directory)/transcode",
            events: "\(directory)/events.sqlite",
            extra: ["--legacy-data", legacy, "--preset", "ultrafast"]
        )
        defer { service.stop() }

        let (status, accepted) = try await service.request(
            "POST",
            "/api/transcode",
            json: ["video_id": 5, "renditions": ["720p", "360p"]]
        )
        #expect(status == 202)
        #expect(accepted["status"] as? String == "queued" && accepted["video_id"] as? Int == 5)
        let jobID = try #require(accepted["job_id"] as? Int)
        let done = try await eventually(timeout: 30) {
            try await service.request("GET", "/api/transcode/\(jobID)").1["status"] as? String == "done"
        }
        try #require(done)
        let job = try await service.request("GET", "/api/transcode/\(jobID)").1
        let renditions = try #require(job["renditions"] as? [[String: Any]])
        #expect(renditions.count == 1, "720p is not made from a 240-line source")
        #expect(renditions.first?["width"] as? Int == 320 && renditions.first?["height"] as? Int == 240)

        let client = service.client
        let ranged = try await offPool { try client.get("/media/5/360p.mp4", headers: ["Range": "bytes=0-99"]) }
        #expect(ranged.status == 206 && ranged.body.count == 100)

        let bad = try await service.request("POST", "/api/transcode", json: ["video_id": 6, "renditions": ["360p"]])
        let failed = try await eventually(timeout: 30) {
            try await service.request("GET", "/api/transcode/\(bad.1["job_id"] as? Int ?? 0)").1["status"] as? String
                == "failed"
        }
        #expect(failed, "a file that is not a video fails its job cleanly")
        #expect(
            try await service.request("POST", "/api/transcode", json: ["video_id": 999, "renditions": ["360p"]]).0
                == 404
        )
        let unknown = try await service.request("POST", "/api/transcode", json: ["video_id": 5, "renditions": ["4k"]])
        #expect(unknown.0 == 400 && (unknown.1["error"] as? [String: Any])?["code"] as? String == "unknown_rendition")
        let empty = try await service.request("POST", "/api/transcode", json: ["video_id": 5, "renditions": []])
        #expect((empty.1["error"] as? [String: Any])?["code"] as? String == "missing_renditions")
        #expect(try await service.request("GET", "/api/transcode/abc").0 == 400)
        #expect(try await service.request("GET", "/api/transcode/12345").0 == 404)
    }
}
