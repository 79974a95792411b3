import Foundation

/// A video as `GET /api/videos/{id}` and the feed show it.
struct VideoJSON: Encodable, Sendable, Equatable {
    let id: Int64
    let userID: Int64
    let title: String
    let bytes: Int64
    let sha256: String
    let status: String
    /// Null until known (uploads are not probed by the stub).
    let durationSeconds: Double?
    var renditions: [RenditionJSON]
    /// Noise: only present with `--noise`.
    var viewCount: Int?

    enum CodingKeys: String, CodingKey {
        case id, title, bytes, sha256, status, renditions
        case userID = "user_id"
        case durationSeconds = "duration_s"
        case viewCount = "view_count"
    }

    func encode(to encoder: any Encoder) throws {
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
struct RenditionJSON: Encodable, Sendable, Equatable {
    let name: String
    let width: Int
    let height: Int
    let bytes: Int64
    /// Relative URL of the file: `/media/{video}/{name}.mp4`.
    let url: String
}

/// The answer to a successful upload (`201`).
struct UploadedVideoJSON: Encodable, Sendable {
    let id: Int64
    let userID: Int64
    let title: String
    let bytes: Int64
    let sha256: String
    let status: String
    let createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, title, bytes, sha256, status
        case userID = "user_id"
        case createdAt = "created_at"
    }
}

/// One page of a feed.
struct FeedPageJSON: Encodable, Sendable {
    let items: [VideoJSON]
    /// The last item's id as a decimal string, or null on the last page.
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
