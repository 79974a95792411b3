import Foundation
import GRDB

/// A finished rendition of a job.
struct StoredRendition: Sendable, Equatable {
    let name: String
    let width: Int
    let height: Int
    let bytes: Int64
}

extension StoredRendition {
    /// A `job_renditions` row (name, width, height, bytes).
    init(row: Row) {
        self.init(name: row["name"], width: row["width"], height: row["height"], bytes: row["bytes"])
    }
}

extension TranscodeStore {
    /// Job `id` and the renditions it finished (by height), when it exists: one read, one snapshot.
    func job(id: Int64) async throws -> (job: JobRecord, renditions: [StoredRendition])? {
        try await pool.read { db in
            guard
                let job = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]).map(Self.record)
            else { return nil }
            let renditions = try Row.fetchAll(
                db,
                sql: "SELECT name, width, height, bytes FROM job_renditions WHERE job_id = ? ORDER BY height, name",
                arguments: [id]
            ).map(StoredRendition.init(row:))
            return (job, renditions)
        }
    }

    /// Every rendition the live (non-shadow) jobs of video `videoID` produced, the newest of each name.
    func renditions(videoID: Int64) async throws -> [StoredRendition] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.name, r.width, r.height, r.bytes FROM job_renditions r JOIN jobs j ON j.id = r.job_id
                    WHERE j.video_id = ? AND j.shadow = 0 AND j.status = 'done'
                      AND j.id = (SELECT MAX(j2.id) FROM jobs j2 JOIN job_renditions r2 ON r2.job_id = j2.id
                                  WHERE j2.video_id = j.video_id AND j2.shadow = 0 AND j2.status = 'done' AND r2.name = r.name)
                    ORDER BY r.height, r.name
                    """,
                arguments: [videoID]
            ).map(StoredRendition.init(row:))
        }
    }

    /// Done jobs whose `video.transcoded` event was not appended yet (a crash between the two).
    func unannouncedJobs() async throws -> [JobRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT * FROM jobs WHERE status = 'done' AND emitted = 0 AND shadow = 0 AND user_id IS NOT NULL ORDER BY id"
            ).map(Self.record)
        }
    }

    /// Records that job `id`'s event was appended.
    func markAnnounced(jobID: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE jobs SET emitted = 1 WHERE id = ?", arguments: [jobID])
        }
    }
}
