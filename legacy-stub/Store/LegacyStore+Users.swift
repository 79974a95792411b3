import Foundation
import GRDB
import VideoContract

/// What login needs to check a password.
struct StoredCredentials: Sendable {
    let userID: Int64
    let username: String
    let salt: String
    let hash: String
}

extension LegacyStore {
    /// The credentials of `username`, if such a user exists.
    func credentials(username: String) async throws -> StoredCredentials? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT id, username, password_salt, password_hash FROM users WHERE username = ?",
                arguments: [username]
            ).map {
                StoredCredentials(
                    userID: $0["id"],
                    username: $0["username"],
                    salt: $0["password_salt"],
                    hash: $0["password_hash"]
                )
            }
        }
    }

    /// The user with `id` and its follow counts.
    func user(id: Int64) async throws -> UserJSON? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: Self.userSelect + " WHERE u.id = ?", arguments: [id]).map(Self.user(from:))
        }
    }

    /// Users whose username or display name contains `query`, then videos whose title does
    /// (case-insensitive, ASCII), each in id order, at most `limit` of each.
    func search(_ query: String, limit: Int = 50) async throws -> [SearchResultJSON] {
        let needle = query.lowercased()
        let users = try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: Self.userSelect
                    + " WHERE instr(lower(u.username), ?) > 0 OR instr(lower(u.display_name), ?) > 0 ORDER BY u.id LIMIT ?",
                arguments: [needle, needle, limit]
            ).map(Self.user(from:))
        }
        let videos = try await pool.read { db in
            try LegacyDatabase.fetchVideos(
                db,
                "WHERE instr(lower(title), ?) > 0 ORDER BY id LIMIT ?",
                arguments: [needle, limit]
            )
        }
        return users.map(SearchResultJSON.user) + videos.map(SearchResultJSON.video)
    }

    /// Whether a user with `id` exists.
    func userExists(id: Int64) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM users WHERE id = ?)", arguments: [id]) ?? false
        }
    }

    private static let userSelect = """
        SELECT u.id, u.username, u.display_name,
            (SELECT COUNT(*) FROM follows f WHERE f.followee_id = u.id) AS followers,
            (SELECT COUNT(*) FROM follows f WHERE f.follower_id = u.id) AS following
        FROM users u
        """

    private static func user(from row: Row) -> UserJSON {
        UserJSON(
            id: row["id"],
            username: row["username"],
            displayName: row["display_name"],
            followers: row["followers"],
            following: row["following"]
        )
    }
}
