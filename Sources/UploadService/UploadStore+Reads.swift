import EventLog
import Foundation
import GRDB
import VideoContract

/// One pending outbox entry: an event committed with its row but not yet in the event log.
struct OutboxEntry: Sendable {
    let seq: Int64
    let type: String
    let key: String
    let payload: Data
}

extension UploadStore {
    /// The live video with `id` and its renditions (shadow uploads are never returned).
    public func video(id: Int64) async throws -> VideoJSON? {
        try await pool.read { db in
            try LegacyDatabase.fetchVideos(db, "WHERE id = ?", arguments: [id]).first
        }
    }

    /// Where the rendition files of `id` live when a transcode service reported a folder of its own.
    func mediaDirectory(videoID: Int64) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT media_directory FROM videos WHERE id = ?", arguments: [videoID])
        }
    }

    /// Whether the video exists here (live).
    func hasVideo(id: Int64) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM videos WHERE id = ?)", arguments: [id]) ?? false
        }
    }

    /// Number of shadow uploads stored (for tests and status).
    public func shadowUploadCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM shadow_videos") ?? 0 }
    }

    /// Applies a `video.transcoded` event to a live video; idempotent, and a no-op for unknown ids.
    func apply(_ event: VideoTranscodedPayload) async throws {
        try await pool.write { db in
            guard
                try Bool.fetchOne(
                    db,
                    sql: "SELECT EXISTS(SELECT 1 FROM videos WHERE id = ?)",
                    arguments: [event.videoID]
                ) == true
            else { return }
            try db.execute(
                sql: "UPDATE videos SET status = ?, duration_s = ?, media_directory = ? WHERE id = ?",
                arguments: [event.status, event.durationSeconds, event.mediaDirectory, event.videoID]
            )
            try db.execute(sql: "DELETE FROM renditions WHERE video_id = ?", arguments: [event.videoID])
            for rendition in event.renditions {
                try db.execute(
                    sql: "INSERT INTO renditions (video_id, name, width, height, bytes) VALUES (?, ?, ?, ?, ?)",
                    arguments: [event.videoID, rendition.name, rendition.width, rendition.height, rendition.bytes]
                )
            }
        }
    }

    /// The oldest outbox entries, in commit order.
    func pendingOutbox(limit: Int) async throws -> [OutboxEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT seq, type, key, payload FROM outbox ORDER BY seq LIMIT ?",
                arguments: [limit]
            ).map { OutboxEntry(seq: $0[0], type: $0[1], key: $0[2], payload: $0[3]) }
        }
    }

    /// Forgets outbox entries up to and including `seq` (they are in the event log).
    func removeOutbox(through seq: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM outbox WHERE seq <= ?", arguments: [seq])
        }
    }
}
