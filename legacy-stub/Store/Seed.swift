import Crypto
import Foundation
import GRDB

/// The deterministic demo data written on first start.
enum Seed {
    /// The demo users: ids 1-5, password = username.
    static let usernames = ["alice", "bob", "carol", "dave", "erin"]

    /// Who follows whom (follower, followee): everyone follows alice; alice follows bob and carol;
    /// bob follows carol; carol follows dave; dave follows erin; erin follows bob.
    static let follows: [(Int64, Int64)] = [
        (2, 1), (3, 1), (4, 1), (5, 1),
        (1, 2), (1, 3),
        (2, 3), (3, 4), (4, 5), (5, 2),
    ]

    /// Number of seeded videos.
    static let videoCount = 40

    private static let topics = [
        "Sunset timelapse", "Cat compilation", "Cooking pasta", "Mountain hike",
        "City at night", "Guitar lesson", "Skate tricks", "Rainy window",
    ]

    /// The first seeded video's creation time; video i is i hours later.
    static let epoch = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    /// Salted SHA-256 of a password (hex). The salt is derived from the username.
    static func passwordHash(_ password: String, salt: String) -> String {
        SHA256.hash(data: Array("\(salt):\(password)".utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Deterministic content of seeded video `index` (0-based), a few KiB.
    static func content(ofVideo index: Int) -> [UInt8] {
        (0..<(2048 + index * 131)).map { UInt8(truncatingIfNeeded: index &* 31 &+ $0 &* 7) }
    }

    /// Fills an empty database and writes each seeded video's original file under `mediaPath`.
    static func populate(_ store: LegacyStore, mediaPath: @escaping @Sendable (Int64) -> String) async throws {
        try await store.pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") == 0 else { return }
            for (offset, username) in usernames.enumerated() {
                let salt = "legacy-salt-\(username)"
                try db.execute(
                    sql:
                        "INSERT INTO users (id, username, display_name, password_salt, password_hash) VALUES (?, ?, ?, ?, ?)",
                    arguments: [offset + 1, username, username.capitalized, salt, passwordHash(username, salt: salt)]
                )
            }
            for (follower, followee) in follows {
                try db.execute(
                    sql: "INSERT INTO follows (follower_id, followee_id) VALUES (?, ?)",
                    arguments: [follower, followee]
                )
            }
            for index in 0..<videoCount {
                let id = Int64(index + 1)
                let bytes = content(ofVideo: index)
                let path = mediaPath(id)
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent,
                    withIntermediateDirectories: true
                )
                try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
                let title = "\(topics[index % topics.count]) part \(index / topics.count + 1)"
                try db.execute(
                    sql: """
                        INSERT INTO videos (id, user_id, title, bytes, sha256, status, duration_s, created_at)
                        VALUES (?, ?, ?, ?, ?, 'ready', ?, ?)
                        """,
                    arguments: [
                        id, index % usernames.count + 1, title, bytes.count,
                        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined(),
                        Double(10 + (index % 6) * 5) + (index.isMultiple(of: 2) ? 0 : 0.5),
                        Timestamp.string(epoch.addingTimeInterval(Double(index) * 3600)),
                    ]
                )
            }
        }
    }
}
