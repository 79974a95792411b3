import Foundation
import GRDB

extension LegacyDatabase {
    /// The largest transcode job id legacy has assigned (0 when none).
    package func maxTranscodeJobID() async throws -> Int64 {
        try await reader.read { db in
            try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM transcode_jobs") ?? 0
        }
    }

    /// Legacy's live (not shadow) transcode job `id`, as legacy answers it; nil when legacy has none.
    package func transcodeJob(id: Int64) async throws -> TranscodeJobJSON? {
        try await reader.read { db in try Self.fetchTranscodeJob(db, id: id, includeShadow: false) }
    }

    /// Job `id` with the renditions it finished: a live job's come from its video, a shadow job's (a mirrored
    /// request kept dark) from its own table. Shadow jobs only with `includeShadow`.
    package static func fetchTranscodeJob(_ db: Database, id: Int64, includeShadow: Bool) throws -> TranscodeJobJSON? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT id, video_id, status, progress, done_renditions, shadow FROM transcode_jobs
                    WHERE id = ? AND (shadow = 0 OR ?)
                    """,
                arguments: [id, includeShadow]
            )
        else { return nil }
        let videoID: Int64 = row["video_id"]
        let done = Set((row["done_renditions"] as String).split(separator: ",").map(String.init))
        let renditions: [RenditionJSON]
        if row["shadow"] as Bool {
            renditions = try Row.fetchAll(
                db,
                sql: "SELECT name, width, height, bytes FROM shadow_renditions WHERE job_id = ? ORDER BY height, name",
                arguments: [id]
            ).map {
                RenditionJSON(
                    name: $0["name"],
                    width: $0["width"],
                    height: $0["height"],
                    bytes: $0["bytes"],
                    url: "/media/\(videoID)/\($0["name"] as String).mp4"
                )
            }
        } else {
            renditions = try fetchVideos(db, "WHERE id = ?", arguments: [videoID]).first?.renditions ?? []
        }
        return TranscodeJobJSON(
            jobID: id,
            videoID: videoID,
            status: row["status"],
            progress: row["progress"],
            renditions: renditions.filter { done.contains($0.name) }
        )
    }
}
