import Foundation

/// One entry of the event log: immutable once appended.
///
/// Events are ordered by `offset` (strictly increasing, gaps allowed) and keyed by `key`
/// (the user id), which is the unit of ordering for consumers.
public struct Event: Sendable, Equatable {
    /// Position in the log; strictly increasing in append order.
    public var offset: Int64
    /// Event type, e.g. `video.uploaded` or `video.transcoded`.
    public var type: String
    /// Ordering key (the user id as a decimal string).
    public var key: String
    /// JSON payload.
    public var payload: Data
    /// When the event was appended.
    public var createdAt: Date

    /// Creates an event value (normally done by a log when reading).
    public init(offset: Int64, type: String, key: String, payload: Data, createdAt: Date) {
        self.offset = offset
        self.type = type
        self.key = key
        self.payload = payload
        self.createdAt = createdAt
    }
}

/// Well-known event types. Payloads are JSON; see VideoContract's `VideoUploadedPayload` and `VideoTranscodedPayload`.
public enum EventType {
    /// A video finished uploading (key: user id); payload `VideoUploadedPayload` (VideoContract).
    public static let videoUploaded = "video.uploaded"
    /// A video finished transcoding (key: user id); payload `VideoTranscodedPayload` (VideoContract).
    public static let videoTranscoded = "video.transcoded"
}
