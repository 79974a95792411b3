import Foundation
import GRDB
import VideoContract

/// A queued job as the worker needs it.
struct PendingTranscodeJob: Sendable {
    let id: Int64
    let videoID: Int64
    let renditions: [RenditionSpec]
}

extension LegacyStore {
    /// Records a new `queued` job; nil when the video does not exist.
    func createTranscodeJob(videoID: Int64, renditions: [RenditionSpec]) async throws -> Int64? {
        let names = renditions.map(\.name).joined(separator: ",")
        let now = Timestamp.string(Date())
        return try await pool.write { db in
            guard
                try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM videos WHERE id = ?)", arguments: [videoID])
                    == true
            else { return nil }
            try db.execute(
                sql:
                    "INSERT INTO transcode_jobs (video_id, renditions, status, progress, created_at) VALUES (?, ?, 'queued', 0, ?)",
                arguments: [videoID, names, now]
            )
            return db.lastInsertedRowID
        }
    }

    /// The job with `id`, listing the renditions it has finished.
    func transcodeJob(id: Int64) async throws -> TranscodeJobJSON? {
        try await pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT id, video_id, status, progress, done_renditions FROM transcode_jobs WHERE id = ?",
                    arguments: [id]
                )
            else { return nil }
            let videoID: Int64 = row["video_id"]
            let done = Set((row["done_renditions"] as String).split(separator: ",").map(String.init))
            let renditions =
                try LegacyDatabase.fetchVideos(db, "WHERE id = ?", arguments: [videoID]).first?.renditions ?? []
            return TranscodeJobJSON(
                jobID: id,
                videoID: videoID,
                status: row["status"],
                progress: row["progress"],
                renditions: renditions.filter { done.contains($0.name) }
            )
        }
    }

    /// The oldest queued job, if any.
    func nextQueuedTranscodeJob() async throws -> PendingTranscodeJob? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT id, video_id, renditions FROM transcode_jobs WHERE status = 'queued' ORDER BY id LIMIT 1"
            ).map { row in
                PendingTranscodeJob(
                    id: row["id"],
                    videoID: row["video_id"],
                    renditions: (row["renditions"] as String).split(separator: ",").compactMap {
                        RenditionSpec.named(String($0))
                    }
                )
            }
        }
    }

    /// Puts jobs a previous process left `running` back in the queue.
    func requeueInterruptedTranscodeJobs() async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "UPDATE transcode_jobs SET status = 'queued', progress = 0, done_renditions = '' WHERE status = 'running'"
            )
        }
    }

    /// Sets a job's status (and progress when given).
    func updateTranscodeJob(id: Int64, status: String, progress: Double? = nil) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE transcode_jobs SET status = ?, progress = COALESCE(?, progress) WHERE id = ?",
                arguments: [status, progress, id]
            )
        }
    }

    /// Records a finished rendition file for the job's video and advances the job's progress.
    func recordRendition(jobID: Int64, videoID: Int64, spec: RenditionSpec, bytes: Int64, progress: Double) async throws
    {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO renditions (video_id, name, width, height, bytes) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(video_id, name) DO UPDATE SET width = excluded.width, height = excluded.height, bytes = excluded.bytes
                    """,
                arguments: [videoID, spec.name, spec.width, spec.height, bytes]
            )
            try db.execute(
                sql: """
                    UPDATE transcode_jobs SET progress = ?,
                        done_renditions = CASE done_renditions WHEN '' THEN ? ELSE done_renditions || ',' || ? END
                    WHERE id = ?
                    """,
                arguments: [progress, spec.name, spec.name, jobID]
            )
        }
    }

    /// Marks the job done and its video ready.
    func completeTranscodeJob(id: Int64, videoID: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE transcode_jobs SET status = 'done', progress = 1 WHERE id = ?", arguments: [id])
            try db.execute(sql: "UPDATE videos SET status = 'ready' WHERE id = ?", arguments: [videoID])
        }
    }
}
