import Foundation
import GRDB
import VideoContract

/// A queued job as the worker needs it.
struct PendingTranscodeJob: Sendable {
    let id: Int64
    let videoID: Int64
    let renditions: [RenditionSpec]
    /// A mirrored request's job: its output is measured and thrown away, the video is not touched.
    let shadow: Bool
}

extension LegacyStore {
    /// Records a new `queued` job (a dark one when `shadow`); nil when the video does not exist.
    func createTranscodeJob(videoID: Int64, renditions: [RenditionSpec], shadow: Bool) async throws -> Int64? {
        let names = renditions.map(\.name).joined(separator: ",")
        let now = Timestamp.string(Date())
        return try await pool.write { db in
            guard
                try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM videos WHERE id = ?)", arguments: [videoID])
                    == true
            else { return nil }
            try db.execute(
                sql:
                    """
                    INSERT INTO transcode_jobs (video_id, renditions, status, progress, created_at, shadow)
                    VALUES (?, ?, 'queued', 0, ?, ?)
                    """,
                arguments: [videoID, names, now, shadow]
            )
            return db.lastInsertedRowID
        }
    }

    /// The job with `id`, listing the renditions it has finished; a shadow job only when `includeShadow`.
    func transcodeJob(id: Int64, includeShadow: Bool) async throws -> TranscodeJobJSON? {
        try await pool.read { db in try LegacyDatabase.fetchTranscodeJob(db, id: id, includeShadow: includeShadow) }
    }

    /// The oldest queued job, if any.
    func nextQueuedTranscodeJob() async throws -> PendingTranscodeJob? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql:
                    "SELECT id, video_id, renditions, shadow FROM transcode_jobs WHERE status = 'queued' ORDER BY id LIMIT 1"
            ).map { row in
                PendingTranscodeJob(
                    id: row["id"],
                    videoID: row["video_id"],
                    renditions: (row["renditions"] as String).split(separator: ",").compactMap {
                        RenditionSpec.named(String($0))
                    },
                    shadow: row["shadow"]
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

    /// Records a finished rendition file for the job's video (for a shadow job, for the job alone) and
    /// advances the job's progress.
    func recordRendition(job: PendingTranscodeJob, spec: RenditionSpec, bytes: Int64, progress: Double) async throws {
        try await pool.write { db in
            if job.shadow {
                try db.execute(
                    sql:
                        "INSERT OR REPLACE INTO shadow_renditions (job_id, name, width, height, bytes) VALUES (?, ?, ?, ?, ?)",
                    arguments: [job.id, spec.name, spec.width, spec.height, bytes]
                )
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO renditions (video_id, name, width, height, bytes) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(video_id, name) DO UPDATE SET width = excluded.width, height = excluded.height, bytes = excluded.bytes
                        """,
                    arguments: [job.videoID, spec.name, spec.width, spec.height, bytes]
                )
            }
            try db.execute(
                sql: """
                    UPDATE transcode_jobs SET progress = ?,
                        done_renditions = CASE done_renditions WHEN '' THEN ? ELSE done_renditions || ',' || ? END
                    WHERE id = ?
                    """,
                arguments: [progress, spec.name, spec.name, job.id]
            )
        }
    }

    /// Marks the job done and, unless it is a shadow job, its video ready.
    func completeTranscodeJob(_ job: PendingTranscodeJob) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE transcode_jobs SET status = 'done', progress = 1 WHERE id = ?",
                arguments: [job.id]
            )
            if !job.shadow {
                try db.execute(sql: "UPDATE videos SET status = 'ready' WHERE id = ?", arguments: [job.videoID])
            }
        }
    }
}
