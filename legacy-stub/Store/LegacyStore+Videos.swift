import Foundation
import GRDB
import ServiceSupport
import VideoContract

extension LegacyStore {
    /// The video with `id`, with its renditions.
    func video(id: Int64) async throws -> VideoJSON? {
        try await pool.read { db in
            try LegacyDatabase.fetchVideos(db, "WHERE id = ?", arguments: [id]).first
        }
    }

    /// One page of the feed of `userID`: videos by the users it follows plus its own, by id
    /// descending, with ids below `cursor` when given. Throws 404 for an unknown user.
    func feed(userID: Int64, limit: Int, cursor: Int64?) async throws -> FeedPageJSON {
        try await pool.read { db in
            guard
                try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM users WHERE id = ?)", arguments: [userID])
                    == true
            else {
                throw APIError.notFound("No user has id \(userID).")
            }
            let page = try LegacyDatabase.fetchVideos(
                db,
                """
                WHERE (user_id = ? OR user_id IN (SELECT followee_id FROM follows WHERE follower_id = ?))
                AND id < ? ORDER BY id DESC LIMIT ?
                """,
                arguments: [userID, userID, cursor ?? Int64.max, limit + 1]
            )
            let items = Array(page.prefix(limit))
            let next = page.count > limit ? items.last.map { String($0.id) } : nil
            return FeedPageJSON(items: items, nextCursor: next)
        }
    }

    /// Inserts an upload's row after moving its file into place, in one write transaction,
    /// so a row never points at a missing file. The new id is the next in creation order.
    func insertUpload(
        userID: Int64,
        title: String,
        file: SpooledFile,
        createdAt: String,
        mediaPath: @escaping @Sendable (Int64) -> String
    ) async throws -> UploadedVideoJSON {
        try await pool.write { db in
            let id = (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM videos")) ?? 1
            let destination = mediaPath(id)
            try file.move(to: destination)
            do {
                try db.execute(
                    sql: """
                        INSERT INTO videos (id, user_id, title, bytes, sha256, status, duration_s, created_at)
                        VALUES (?, ?, ?, ?, ?, 'uploaded', NULL, ?)
                        """,
                    arguments: [id, userID, title, file.bytes, file.sha256, createdAt]
                )
            } catch {
                unlink(destination)
                throw error
            }
            return UploadedVideoJSON(
                id: id,
                userID: userID,
                title: title,
                bytes: file.bytes,
                sha256: file.sha256,
                status: "uploaded",
                createdAt: createdAt
            )
        }
    }
}
