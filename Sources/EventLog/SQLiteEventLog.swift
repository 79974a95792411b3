import Foundation
import GRDB

/// The embedded event log: one SQLite file in WAL mode, safe to share between processes
/// on one machine (a producer and several consumers), thanks to a busy timeout.
///
/// Appends are crash-safe for processes (`synchronous = NORMAL`), not for power loss.
public final class SQLiteEventLog: EventLog {
    private let pool: DatabasePool

    /// Opens (creating if needed) the log at `path`.
    ///
    /// The parent directory is created when missing.
    public init(path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "event-log"
        // WAL + NORMAL: a commit is atomic and survives a crash of any process, but is fsynced at
        // checkpoints rather than on every append. An fsync behind gigabytes of dirty upload data
        // took seconds on ext4 (data=ordered), which is too slow for "visible within a second".
        // An OS crash or power cut can lose the newest events.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("event-log-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS events (
                        "offset" INTEGER PRIMARY KEY AUTOINCREMENT,
                        type TEXT NOT NULL,
                        key TEXT NOT NULL,
                        payload BLOB NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE IF NOT EXISTS consumer_offsets (
                        "group" TEXT PRIMARY KEY,
                        "offset" INTEGER NOT NULL
                    );
                    """
            )
        }
        return migrator
    }

    /// Appends an event in its own transaction and returns its offset.
    public func append(type: String, key: String, payload: Data) async throws -> Int64 {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO events (type, key, payload, created_at) VALUES (?, ?, ?, ?)",
                arguments: [type, key, payload, Date().timeIntervalSince1970]
            )
            return db.lastInsertedRowID
        }
    }

    /// Returns up to `limit` events after `offset`, oldest first.
    public func read(after offset: Int64, limit: Int) async throws -> [Event] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT "offset", type, key, payload, created_at FROM events
                    WHERE "offset" > ? ORDER BY "offset" LIMIT ?
                    """,
                arguments: [offset, limit]
            )
            return rows.map { row in
                Event(
                    offset: row[0],
                    type: row[1],
                    key: row[2],
                    payload: row[3],
                    createdAt: Date(timeIntervalSince1970: row[4])
                )
            }
        }
    }

    /// The group's committed offset, 0 when it never committed.
    public func committedOffset(group: String) async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(
                db,
                sql: #"SELECT "offset" FROM consumer_offsets WHERE "group" = ?"#,
                arguments: [group]
            ) ?? 0
        }
    }

    /// Moves the group's committed offset forward to `offset` (never backwards).
    public func commit(group: String, offset: Int64) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO consumer_offsets ("group", "offset") VALUES (?, ?)
                    ON CONFLICT("group") DO UPDATE SET "offset" = max("offset", excluded."offset")
                    """,
                arguments: [group, offset]
            )
        }
    }

    /// The offset of the newest event, 0 when the log is empty.
    public func latestOffset() async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: #"SELECT max("offset") FROM events"#) ?? 0
        }
    }
}
