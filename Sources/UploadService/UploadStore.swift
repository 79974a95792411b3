import EventLog
import Foundation
import GRDB
import ServiceSupport
import VideoContract

/// The upload service's own database (WAL, busy timeout): live videos, their renditions,
/// shadow uploads (kept apart), and an outbox of events not yet in the event log.
///
/// Ids: a new video gets `max(own max id, id floor) + 1`. The floor is set once, on first start,
/// to `max(idBase - 1, legacy's largest id)`, and only ever rises; so new ids never collide with
/// anything legacy assigned, even while legacy keeps taking uploads during shadow and canary.
public struct UploadStore: Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path`.
    public static func open(path: String) throws -> UploadStore {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "upload-service"
        let pool = try DatabasePool(path: path, configuration: configuration)
        try migrator.migrate(pool)
        return UploadStore(pool: pool)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("upload-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE settings (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                    CREATE TABLE videos (
                        id INTEGER PRIMARY KEY,
                        user_id INTEGER NOT NULL,
                        title TEXT NOT NULL,
                        bytes INTEGER NOT NULL,
                        sha256 TEXT NOT NULL,
                        status TEXT NOT NULL,
                        duration_s REAL,
                        created_at TEXT NOT NULL,
                        media_directory TEXT
                    );
                    CREATE TABLE renditions (
                        video_id INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        width INTEGER NOT NULL,
                        height INTEGER NOT NULL,
                        bytes INTEGER NOT NULL,
                        PRIMARY KEY (video_id, name)
                    );
                    CREATE TABLE shadow_videos (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        user_id INTEGER NOT NULL,
                        title TEXT NOT NULL,
                        bytes INTEGER NOT NULL,
                        sha256 TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        request_id TEXT
                    );
                    CREATE TABLE outbox (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        type TEXT NOT NULL,
                        key TEXT NOT NULL,
                        payload BLOB NOT NULL
                    );
                    """
            )
        }
        return migrator
    }

    /// Raises the id floor to at least `floor` (never lowers it); returns the floor in force.
    @discardableResult
    public func raiseIDFloor(to floor: Int64) async throws -> Int64 {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO settings (key, value) VALUES ('id_floor', ?)
                    ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)
                    """,
                arguments: [floor]
            )
            return try Int64.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'id_floor'") ?? floor
        }
    }

    /// Moves `file` into place and inserts its row and its `video.uploaded` outbox entry in one
    /// write transaction, so a row never points at a missing file and never lacks its event.
    func insertUpload(
        userID: Int64,
        title: String,
        file: SpooledFile,
        createdAt: String,
        mediaPath: @escaping @Sendable (Int64) -> String
    ) async throws -> UploadedVideoJSON {
        try await pool.write { db in
            let floor = try Int64.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'id_floor'") ?? 0
            let top = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM videos") ?? 0
            let id = max(floor, top) + 1
            let destination = mediaPath(id)
            let video = UploadedVideoJSON(
                id: id,
                userID: userID,
                title: title,
                bytes: file.bytes,
                sha256: file.sha256,
                status: "uploaded",
                createdAt: createdAt
            )
            try file.move(to: destination)
            do {
                try db.execute(
                    sql: """
                        INSERT INTO videos (id, user_id, title, bytes, sha256, status, duration_s, created_at)
                        VALUES (?, ?, ?, ?, ?, 'uploaded', NULL, ?)
                        """,
                    arguments: [id, userID, title, file.bytes, file.sha256, createdAt]
                )
                let payload = VideoUploadedPayload(video: video, mediaPath: destination)
                try db.execute(
                    sql: "INSERT INTO outbox (type, key, payload) VALUES (?, ?, ?)",
                    arguments: [EventType.videoUploaded, String(userID), try Self.encoder.encode(payload)]
                )
            } catch {
                unlink(destination)
                throw error
            }
            return video
        }
    }

    /// Ids shown for shadow uploads start here (2^52, still exact as a JSON double), far above
    /// live and legacy ids, so a shadow id never names a visible video.
    static let shadowIDBase: Int64 = 1 << 52

    /// Stores a shadow upload apart from live videos: its own table and folder, no event.
    /// The answer has the same shape as a live upload's, with an id from the shadow range.
    func insertShadowUpload(
        userID: Int64,
        title: String,
        file: SpooledFile,
        createdAt: String,
        requestID: String?,
        shadowPath: @escaping @Sendable (Int64) -> String
    ) async throws -> UploadedVideoJSON {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO shadow_videos (user_id, title, bytes, sha256, created_at, request_id)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [userID, title, file.bytes, file.sha256, createdAt, requestID]
            )
            let row = db.lastInsertedRowID
            try file.move(to: shadowPath(row))
            let id = Self.shadowIDBase + row
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

    /// Encodes payloads with sorted keys, like every JSON this project writes.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
