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

/// Where a live video's renditions are, as far as the store knows.
struct RenditionFolder: Sendable {
    /// The folder a transcode service reported for the video, if one did.
    let reported: String?
}

extension UploadStore {
    /// The live video with `id` and its renditions (shadow uploads are never returned); else, with `legacy`, the
    /// monolith's (read-through, read-only). One trip to a database thread: legacy is read from inside this read.
    public func video(id: Int64, orLegacy legacy: LegacyDatabase?) async throws -> VideoJSON? {
        try await pool.read { db in
            if let video = try LegacyDatabase.fetchVideos(db, "WHERE id = ?", arguments: [id]).first { return video }
            return try legacy?.reader.read { try LegacyDatabase.fetchVideos($0, "WHERE id = ?", arguments: [id]).first }
        }
    }

    /// Live video `videoID`'s rendition folder when it is here: the folder a transcode service reported (nil when
    /// none did); nil when the video is not here. One read.
    func renditionFolder(videoID: Int64) async throws -> RenditionFolder? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT media_directory FROM videos WHERE id = ?", arguments: [videoID])
                .map { RenditionFolder(reported: $0["media_directory"]) }
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
