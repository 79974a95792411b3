import Foundation

// The payloads of the events the services exchange on the event log (EventLog): part of the contract
// between the services, like the HTTP answers.

/// Payload of `video.uploaded`, appended by the upload service once the file and its row are in place.
///
/// JSON keys are snake_case (`user_id`, `media_path`, ...), like the HTTP contract.
public struct VideoUploadedPayload: Codable, Sendable, Equatable {
    /// Video id (unique across legacy and new services).
    public var id: Int64
    /// Owner.
    public var userID: Int64
    /// Title as uploaded.
    public var title: String
    /// Size of the original in bytes.
    public var bytes: Int64
    /// SHA-256 of the original, lowercase hex.
    public var sha256: String
    /// `uploaded`.
    public var status: String
    /// Upload time, ISO-8601 UTC with whole seconds.
    public var createdAt: String
    /// Absolute path of the original file on this machine (read it, never write it).
    public var mediaPath: String

    /// Creates a payload.
    public init(
        id: Int64,
        userID: Int64,
        title: String,
        bytes: Int64,
        sha256: String,
        status: String,
        createdAt: String,
        mediaPath: String
    ) {
        self.id = id
        self.userID = userID
        self.title = title
        self.bytes = bytes
        self.sha256 = sha256
        self.status = status
        self.createdAt = createdAt
        self.mediaPath = mediaPath
    }

    enum CodingKeys: String, CodingKey {
        case id, title, bytes, sha256, status
        case userID = "user_id"
        case createdAt = "created_at"
        case mediaPath = "media_path"
    }
}

/// Payload of `video.transcoded`, appended by the transcode service when a job finished.
///
/// Consumers (upload service for `GET /api/videos/{id}`, feed service) replace the video's
/// status, duration and renditions with these values.
public struct VideoTranscodedPayload: Codable, Sendable, Equatable {
    /// One finished rendition: the HTTP contract's rendition object.
    public typealias Rendition = RenditionJSON

    /// The video.
    public var videoID: Int64
    /// Its owner (also the event key).
    public var userID: Int64
    /// New status, normally `ready`.
    public var status: String
    /// Duration in seconds when known.
    public var durationSeconds: Double?
    /// Every rendition the video now has (not only the new ones).
    public var renditions: [Rendition]
    /// Directory holding `{name}.mp4` for each rendition, when the files live outside the upload
    /// service's media folder (the upload service serves `/media/...` from there).
    public var mediaDirectory: String?

    /// Creates a payload.
    public init(
        videoID: Int64,
        userID: Int64,
        status: String,
        durationSeconds: Double?,
        renditions: [Rendition],
        mediaDirectory: String? = nil
    ) {
        self.videoID = videoID
        self.userID = userID
        self.status = status
        self.durationSeconds = durationSeconds
        self.renditions = renditions
        self.mediaDirectory = mediaDirectory
    }

    enum CodingKeys: String, CodingKey {
        case status, renditions
        case videoID = "video_id"
        case userID = "user_id"
        case durationSeconds = "duration_s"
        case mediaDirectory = "media_directory"
    }
}
