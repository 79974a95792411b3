import Foundation

/// A video as `GET /api/videos/{id}` and feed items show it, encoded exactly like the legacy
/// monolith (with `ServiceSupport.JSONResponse`'s sorted keys, `duration_s` null when unknown).
public struct VideoJSON: Codable, Sendable, Equatable {
    /// Video id.
    public var id: Int64
    /// Owner.
    public var userID: Int64
    /// Title.
    public var title: String
    /// Size of the original in bytes.
    public var bytes: Int64
    /// SHA-256 of the original, lowercase hex.
    public var sha256: String
    /// `uploaded` or `ready`.
    public var status: String
    /// Duration in seconds; `nil` (JSON null) for uploads nobody probed.
    public var durationSeconds: Double?
    /// Renditions ordered by height.
    public var renditions: [RenditionJSON]
    /// Noise: a random `view_count` the legacy stub adds under `--noise`; absent from the JSON when `nil`.
    public var viewCount: Int?

    /// Creates a video object.
    public init(
        id: Int64,
        userID: Int64,
        title: String,
        bytes: Int64,
        sha256: String,
        status: String,
        durationSeconds: Double?,
        renditions: [RenditionJSON],
        viewCount: Int? = nil
    ) {
        self.id = id
        self.userID = userID
        self.title = title
        self.bytes = bytes
        self.sha256 = sha256
        self.status = status
        self.durationSeconds = durationSeconds
        self.renditions = renditions
        self.viewCount = viewCount
    }

    enum CodingKeys: String, CodingKey {
        case id, title, bytes, sha256, status, renditions
        case userID = "user_id"
        case durationSeconds = "duration_s"
        case viewCount = "view_count"
    }

    /// Encodes every key, `duration_s` as null when unknown, `view_count` only when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(userID, forKey: .userID)
        try container.encode(title, forKey: .title)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(status, forKey: .status)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(renditions, forKey: .renditions)
        try container.encodeIfPresent(viewCount, forKey: .viewCount)
    }
}

/// One transcoded rendition of a video.
public struct RenditionJSON: Codable, Sendable, Equatable {
    /// `360p`, `720p`, ...
    public var name: String
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// File size in bytes.
    public var bytes: Int64
    /// Relative URL of the file: `/media/{video}/{name}.mp4`.
    public var url: String

    /// Creates a rendition.
    public init(name: String, width: Int, height: Int, bytes: Int64, url: String) {
        self.name = name
        self.width = width
        self.height = height
        self.bytes = bytes
        self.url = url
    }
}

/// The answer to a successful upload (`201`).
public struct UploadedVideoJSON: Codable, Sendable, Equatable {
    /// Video id.
    public var id: Int64
    /// Owner.
    public var userID: Int64
    /// Title.
    public var title: String
    /// Size in bytes.
    public var bytes: Int64
    /// SHA-256, lowercase hex.
    public var sha256: String
    /// Always `uploaded`.
    public var status: String
    /// ISO-8601 UTC, whole seconds.
    public var createdAt: String

    /// Creates an upload answer.
    public init(
        id: Int64,
        userID: Int64,
        title: String,
        bytes: Int64,
        sha256: String,
        status: String,
        createdAt: String
    ) {
        self.id = id
        self.userID = userID
        self.title = title
        self.bytes = bytes
        self.sha256 = sha256
        self.status = status
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, title, bytes, sha256, status
        case userID = "user_id"
        case createdAt = "created_at"
    }
}

/// Timestamps as the contract writes them: ISO-8601 UTC, whole seconds (`2026-01-01T05:00:00Z`).
public enum ContractTimestamp {
    /// `date` with second precision.
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
