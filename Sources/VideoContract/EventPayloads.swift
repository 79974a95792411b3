import Foundation

// The payloads of the events the services exchange on the event log (EventLog): part of the contract
// between the services, like the HTTP answers.

/// Payload of `video.uploaded`, appended by the upload service once the file and its row are in place: the
/// upload's answer and where the original is.
///
/// The JSON is flat, snake_case like the HTTP contract: the keys of `UploadedVideoJSON` plus `media_path`.
public struct VideoUploadedPayload: Codable, Sendable, Equatable {
    /// The video as the upload answered it (id unique across legacy and new services, status `uploaded`).
    public var video: UploadedVideoJSON
    /// Absolute path of the original file on this machine (read it, never write it).
    public var mediaPath: String

    /// Creates a payload.
    public init(video: UploadedVideoJSON, mediaPath: String) {
        self.video = video
        self.mediaPath = mediaPath
    }

    enum CodingKeys: String, CodingKey {
        case mediaPath = "media_path"
    }

    public init(from decoder: any Decoder) throws {
        self.video = try UploadedVideoJSON(from: decoder)
        self.mediaPath = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .mediaPath)
    }

    public func encode(to encoder: any Encoder) throws {
        try video.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mediaPath, forKey: .mediaPath)
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
