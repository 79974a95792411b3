import Foundation
import GRDB

/// Read-only access to the legacy monolith's `legacy.sqlite`, for read-through and backfill.
///
/// Opened with `readonly` so nothing here can ever write to the monolith's data; the busy
/// timeout lets it share the file with the running monolith (WAL).
public struct LegacyDatabase: Sendable {
    /// The underlying read-only pool.
    public let reader: DatabasePool

    /// Opens `path` read-only. Fails when the file does not exist.
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LegacyDatabaseError(message: "No legacy database at \(path); start the legacy stub first.")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        configuration.label = "legacy-readonly"
        reader = try DatabasePool(path: path, configuration: configuration)
    }

    /// The largest video id legacy has assigned (0 when none).
    public func maxVideoID() async throws -> Int64 {
        try await reader.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM videos") ?? 0 }
    }

    /// Whether legacy knows a user with `id`.
    public func userExists(id: Int64) async throws -> Bool {
        try await reader.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM users WHERE id = ?)", arguments: [id]) ?? false
        }
    }

    /// Videos matching `whereClause` (a WHERE/ORDER/LIMIT tail on `videos`), with renditions by height.
    public func videos(_ whereClause: String, arguments: StatementArguments = []) async throws -> [VideoJSON] {
        try await reader.read { db in try Self.fetchVideos(db, whereClause, arguments: arguments) }
    }

    /// The owner of video `id`, when legacy has it. Synchronous, for use inside another database's transaction.
    public func videoOwner(id: Int64) throws -> Int64? {
        try reader.read { db in
            try Int64.fetchOne(db, sql: "SELECT user_id FROM videos WHERE id = ?", arguments: [id])
        }
    }

    /// Synchronous variant of ``videos(_:arguments:)`` for use inside a read.
    public static func fetchVideos(_ db: Database, _ whereClause: String, arguments: StatementArguments) throws
        -> [VideoJSON]
    {
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT id, user_id, title, bytes, sha256, status, duration_s FROM videos " + whereClause,
            arguments: arguments
        )
        guard !rows.isEmpty else { return [] }
        let ids = rows.map { $0["id"] as Int64 }
        var renditions: [Int64: [RenditionJSON]] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let renditionRows = try Row.fetchAll(
                db,
                sql: """
                    SELECT video_id, name, width, height, bytes FROM renditions
                    WHERE video_id IN (\(placeholders)) ORDER BY video_id, height, name
                    """,
                arguments: StatementArguments(chunk)
            )
            for row in renditionRows {
                let videoID: Int64 = row["video_id"]
                let name: String = row["name"]
                renditions[videoID, default: []].append(
                    RenditionJSON(
                        name: name,
                        width: row["width"],
                        height: row["height"],
                        bytes: row["bytes"],
                        url: "/media/\(videoID)/\(name).mp4"
                    )
                )
            }
        }
        return rows.map { row in
            let id: Int64 = row["id"]
            return VideoJSON(
                id: id,
                userID: row["user_id"],
                title: row["title"],
                bytes: row["bytes"],
                sha256: row["sha256"],
                status: row["status"],
                durationSeconds: row["duration_s"],
                renditions: renditions[id] ?? []
            )
        }
    }
}

/// Why the legacy database could not be used.
public struct LegacyDatabaseError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    public let message: String
    /// Same as ``message``.
    public var description: String { message }
}
