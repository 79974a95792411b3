import Foundation
import GRDB
import VideoContract

/// The feed's own database (WAL): the durable copy of the read model, plus backfill progress.
///
/// Every change is written here first and applied to ``FeedReadModel`` after, so a restart
/// rebuilds exactly what was served.
struct FeedStore: Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path`.
    static func open(path: String) throws -> FeedStore {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "feed-service"
        // The read model can be rebuilt from the event log and legacy, so a power cut may cost its
        // last commits (WAL + NORMAL), never its consistency; this keeps fsyncs off the feed's path.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("feed-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE videos (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, json BLOB NOT NULL);
                    CREATE TABLE users (id INTEGER PRIMARY KEY);
                    CREATE TABLE follows (
                        follower_id INTEGER NOT NULL,
                        followee_id INTEGER NOT NULL,
                        PRIMARY KEY (follower_id, followee_id)
                    );
                    """
            )
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('consumer_group', ?)",
                arguments: ["feed-service-\(UUID().uuidString.lowercased())"]
            )
        }
        try migrator.migrate(pool)
        return FeedStore(pool: pool)
    }

    /// The event log consumer group of this database. A fresh database gets a fresh group, so
    /// it replays the whole log instead of trusting offsets committed for a lost database.
    func consumerGroup() async throws -> String {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'consumer_group'") ?? "feed-service"
        }
    }

    /// A stored integer setting.
    func setting(_ key: String) async throws -> Int64? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]).flatMap { Int64($0) }
        }
    }

    /// Loads everything into `model`.
    func load(into model: FeedReadModel) async throws {
        let (videos, users, follows) = try await pool.read { db in
            let videos = try Row.fetchAll(db, sql: "SELECT json FROM videos ORDER BY id").map { row -> FeedVideo in
                let json: Data = row[0]
                let video = try JSONDecoder().decode(VideoJSON.self, from: json)
                return FeedVideo(video: video, json: Array(json))
            }
            let users = try Int64.fetchAll(db, sql: "SELECT id FROM users")
            let follows = try Row.fetchAll(db, sql: "SELECT follower_id, followee_id FROM follows").map {
                (follower: $0[0] as Int64, followee: $0[1] as Int64)
            }
            return (videos, users, follows)
        }
        model.upsert(videos)
        model.addUsers(users)
        model.replaceFollows(follows)
    }

    /// Writes videos (replacing same ids), users, and optionally the whole follow graph and settings,
    /// in one transaction.
    func save(
        videos: [FeedVideo],
        users: [Int64] = [],
        follows: [(follower: Int64, followee: Int64)]? = nil,
        settings: [String: Int64] = [:]
    ) async throws {
        try await pool.write { db in
            for video in videos {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO videos (id, user_id, json) VALUES (?, ?, ?)",
                    arguments: [video.video.id, video.video.userID, Data(video.json)]
                )
                try db.execute(sql: "INSERT OR IGNORE INTO users (id) VALUES (?)", arguments: [video.video.userID])
            }
            for user in users {
                try db.execute(sql: "INSERT OR IGNORE INTO users (id) VALUES (?)", arguments: [user])
            }
            if let follows {
                try db.execute(sql: "DELETE FROM follows")
                for pair in follows {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO follows (follower_id, followee_id) VALUES (?, ?)",
                        arguments: [pair.follower, pair.followee]
                    )
                }
            }
            for (key, value) in settings {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    arguments: [key, String(value)]
                )
            }
        }
    }
}
