import Foundation
import GRDB

/// The monolith's one SQLite database (WAL, busy timeout), with the queries the routes need.
///
/// All access goes through GRDB's async APIs, so SQLite work runs on GRDB's own queues,
/// never on an event loop.
struct LegacyStore: Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and applies the schema.
    static func open(path: String) throws -> LegacyStore {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "legacy-stub"
        let pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
        return LegacyStore(pool: pool)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE users (
                        id INTEGER PRIMARY KEY,
                        username TEXT NOT NULL UNIQUE,
                        display_name TEXT NOT NULL,
                        password_salt TEXT NOT NULL,
                        password_hash TEXT NOT NULL
                    );
                    CREATE TABLE follows (
                        follower_id INTEGER NOT NULL REFERENCES users(id),
                        followee_id INTEGER NOT NULL REFERENCES users(id),
                        PRIMARY KEY (follower_id, followee_id)
                    );
                    CREATE INDEX follows_by_followee ON follows(followee_id);
                    CREATE TABLE videos (
                        id INTEGER PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES users(id),
                        title TEXT NOT NULL,
                        bytes INTEGER NOT NULL,
                        sha256 TEXT NOT NULL,
                        status TEXT NOT NULL,
                        duration_s REAL,
                        created_at TEXT NOT NULL
                    );
                    CREATE INDEX videos_by_user ON videos(user_id, id);
                    CREATE TABLE renditions (
                        video_id INTEGER NOT NULL REFERENCES videos(id),
                        name TEXT NOT NULL,
                        width INTEGER NOT NULL,
                        height INTEGER NOT NULL,
                        bytes INTEGER NOT NULL,
                        PRIMARY KEY (video_id, name)
                    );
                    CREATE TABLE transcode_jobs (
                        id INTEGER PRIMARY KEY,
                        video_id INTEGER NOT NULL REFERENCES videos(id),
                        renditions TEXT NOT NULL,
                        done_renditions TEXT NOT NULL DEFAULT '',
                        status TEXT NOT NULL,
                        progress REAL NOT NULL DEFAULT 0,
                        created_at TEXT NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v2-shadow-transcodes") { db in
            // Mirrored transcode requests (X-Strangler-Shadow: 1) run like any job but stay dark: their
            // renditions are recorded per job, never on the video.
            try db.execute(
                sql: """
                    ALTER TABLE transcode_jobs ADD COLUMN shadow INTEGER NOT NULL DEFAULT 0;
                    CREATE TABLE shadow_renditions (
                        job_id INTEGER NOT NULL REFERENCES transcode_jobs(id),
                        name TEXT NOT NULL,
                        width INTEGER NOT NULL,
                        height INTEGER NOT NULL,
                        bytes INTEGER NOT NULL,
                        PRIMARY KEY (job_id, name)
                    );
                    """
            )
        }
        return migrator
    }

    /// Whether the database has no users yet (first start).
    func isEmpty() async throws -> Bool {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") == 0 }
    }
}

/// Timestamps as the contract writes them: ISO-8601 UTC, whole seconds (`2026-01-01T05:00:00Z`).
enum Timestamp {
    /// `date` formatted with second precision.
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// `date` formatted with millisecond precision (`2026-01-01T05:00:00.123Z`).
    static func millisecondString(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
