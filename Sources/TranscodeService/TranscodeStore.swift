import Foundation
import GRDB

/// A transcode job as the store keeps it.
struct JobRecord: Sendable, Equatable {
    let id: Int64
    let videoID: Int64
    let userID: Int64?
    let sourcePath: String
    let renditions: [String]
    let status: String
    let progress: Double
    let shadow: Bool
    let attempts: Int
    let error: String?
}

/// The transcode service's own database: jobs, their finished renditions, and videos it heard of.
///
/// SQLite in WAL mode through GRDB. Jobs move `queued → running → done | failed`; a job found
/// `running` at start was interrupted and goes back to `queued` (its chunk files are reused).
struct TranscodeStore: Sendable {
    let pool: DatabasePool

    static func open(path: String) throws -> TranscodeStore {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let pool = try DatabasePool(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE videos (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, source_path TEXT NOT NULL);
                    CREATE TABLE jobs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        video_id INTEGER NOT NULL,
                        user_id INTEGER,
                        source_path TEXT NOT NULL,
                        renditions TEXT NOT NULL,
                        status TEXT NOT NULL,
                        progress REAL NOT NULL DEFAULT 0,
                        shadow INTEGER NOT NULL DEFAULT 0,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        error TEXT,
                        event_offset INTEGER UNIQUE,
                        emitted INTEGER NOT NULL DEFAULT 0,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    CREATE INDEX jobs_by_status ON jobs (status, id);
                    CREATE TABLE job_renditions (
                        job_id INTEGER NOT NULL, name TEXT NOT NULL, width INTEGER NOT NULL,
                        height INTEGER NOT NULL, bytes INTEGER NOT NULL, PRIMARY KEY (job_id, name)
                    );
                    """
            )
        }
        try migrator.migrate(pool)
        return TranscodeStore(pool: pool)
    }

    private static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    /// Remembers where video `id`'s original is and whose it is.
    func rememberVideo(id: Int64, userID: Int64, sourcePath: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO videos (id, user_id, source_path) VALUES (?, ?, ?)",
                arguments: [id, userID, sourcePath]
            )
        }
    }

    /// Makes every job id from now on larger than `floor` (ids already given stay), so this service's job ids
    /// never name one of legacy's: after the move, a client asking about a job legacy ran gets legacy's job,
    /// not another one.
    func raiseJobIDFloor(to floor: Int64) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO sqlite_sequence (name, seq) SELECT 'jobs', ?
                    WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'jobs');
                    UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'jobs';
                    """,
                arguments: [floor, floor]
            )
        }
    }

    /// Queues a job; with `eventOffset`, at most one job per event (a redelivered event adds nothing).
    /// Returns the job id (the existing one for a redelivered event).
    func enqueue(
        videoID: Int64,
        userID: Int64?,
        sourcePath: String,
        renditions: [String],
        shadow: Bool,
        eventOffset: Int64? = nil
    ) async throws -> Int64 {
        try await pool.write { db in
            if let eventOffset,
                let existing = try Int64.fetchOne(
                    db,
                    sql: "SELECT id FROM jobs WHERE event_offset = ?",
                    arguments: [eventOffset]
                )
            {
                return existing
            }
            return try Self.insertJob(
                db,
                videoID: videoID,
                userID: userID,
                sourcePath: sourcePath,
                renditions: renditions,
                shadow: shadow,
                eventOffset: eventOffset
            )
        }
    }

    /// Queues a job for video `videoID`, finding its original in the same transaction: `known` when given,
    /// else the video an event told us about, else what `elsewhere` finds (legacy's). One trip to the
    /// database thread, because on a busy machine each trip is what makes a request slow.
    /// Returns nil, queuing nothing, when no original is found.
    func enqueue(
        videoID: Int64,
        renditions: [String],
        shadow: Bool,
        known: KnownOriginals.Original?,
        elsewhere: @escaping @Sendable (Int64) throws -> KnownOriginals.Original?
    ) async throws -> (jobID: Int64, original: KnownOriginals.Original)? {
        try await pool.write { db in
            let original: KnownOriginals.Original
            if let known {
                original = known
            } else if let ours = try Row.fetchOne(
                db,
                sql: "SELECT user_id, source_path FROM videos WHERE id = ?",
                arguments: [videoID]
            ) {
                original = KnownOriginals.Original(path: ours["source_path"], userID: ours["user_id"])
            } else if let theirs = try elsewhere(videoID) {
                original = theirs
            } else {
                return nil
            }
            let jobID = try Self.insertJob(
                db,
                videoID: videoID,
                userID: original.userID,
                sourcePath: original.path,
                renditions: renditions,
                shadow: shadow,
                eventOffset: nil
            )
            return (jobID, original)
        }
    }

    private static func insertJob(
        _ db: Database,
        videoID: Int64,
        userID: Int64?,
        sourcePath: String,
        renditions: [String],
        shadow: Bool,
        eventOffset: Int64?
    ) throws -> Int64 {
        let now = Self.now()
        try db.execute(
            sql: """
                INSERT INTO jobs (video_id, user_id, source_path, renditions, status, shadow, event_offset, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?)
                """,
            arguments: [videoID, userID, sourcePath, renditions.joined(separator: ","), shadow, eventOffset, now, now]
        )
        return db.lastInsertedRowID
    }

    /// Puts jobs a killed process left `running` back in the queue, or fails them after too many attempts.
    func requeueInterrupted(maximumAttempts: Int) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE jobs SET status = 'failed', error = 'Interrupted too many times.', updated_at = ?
                    WHERE status = 'running' AND attempts >= ?
                    """,
                arguments: [Self.now(), maximumAttempts]
            )
            try db.execute(sql: "UPDATE jobs SET status = 'queued' WHERE status = 'running'")
        }
    }

    /// Queued jobs, oldest first.
    func queuedJobs(limit: Int = 200) async throws -> [JobRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM jobs WHERE status = 'queued' ORDER BY id LIMIT ?",
                arguments: [limit]
            )
            .map(Self.record)
        }
    }

    /// Marks a job running (counting the attempt).
    func start(jobID: Int64) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE jobs SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?",
                arguments: [Self.now(), jobID]
            )
        }
    }

    /// Records a job's finished renditions and marks it done, in one transaction.
    func complete(jobID: Int64, renditions: [(name: String, width: Int, height: Int, bytes: Int64)]) async throws {
        try await pool.write { db in
            for rendition in renditions {
                try db.execute(
                    sql:
                        "INSERT OR REPLACE INTO job_renditions (job_id, name, width, height, bytes) VALUES (?, ?, ?, ?, ?)",
                    arguments: [jobID, rendition.name, rendition.width, rendition.height, rendition.bytes]
                )
            }
            try db.execute(
                sql: "UPDATE jobs SET status = 'done', progress = 1, error = NULL, updated_at = ? WHERE id = ?",
                arguments: [Self.now(), jobID]
            )
        }
    }

    /// Marks a job failed with `message`.
    func fail(jobID: Int64, message: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE jobs SET status = 'failed', error = ?, updated_at = ? WHERE id = ?",
                arguments: [message, Self.now(), jobID]
            )
        }
    }

    static func record(_ row: Row) -> JobRecord {
        JobRecord(
            id: row["id"],
            videoID: row["video_id"],
            userID: row["user_id"],
            sourcePath: row["source_path"],
            renditions: (row["renditions"] as String).split(separator: ",").map(String.init),
            status: row["status"],
            progress: row["progress"],
            shadow: row["shadow"],
            attempts: row["attempts"],
            error: row["error"]
        )
    }
}
