import Foundation

/// Everything a running upload service needs, resolved from flags and environment.
public struct UploadConfiguration: Sendable {
    /// Address to bind.
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one.
    public var port = 9101
    /// The service's own folder: `upload.sqlite`, `media/`, `shadow/`, `tmp/`.
    public var dataDirectory = ".strangler/upload"
    /// The shared event log file.
    public var eventsPath = ".strangler/events.sqlite"
    /// HS256 secret that verifies bearer tokens (the legacy stub signs them).
    public var jwtSecret = "strangler-dev-secret"
    /// Largest accepted upload body; larger gets 413.
    public var maxUploadBytes: Int64 = 4 << 30
    /// The legacy stub's data folder, read-only: users, id floor, read-through of old videos.
    public var legacyDataDirectory: String?
    /// The smallest id this service assigns. New ids are also above every id legacy has
    /// assigned at start; see ``UploadStore``.
    public var idBase: Int64 = 1_000_000_001

    /// Creates the default configuration.
    public init() {}

    /// `DATA/upload.sqlite`.
    public var databasePath: String { path("upload.sqlite") }
    /// `DATA/media`: `{video}/original.mp4` of live uploads.
    public var mediaDirectory: String { path("media") }
    /// `DATA/shadow`: uploads that arrived as shadow traffic, kept apart.
    public var shadowDirectory: String { path("shadow") }
    /// `DATA/tmp`: uploads in progress.
    public var temporaryDirectory: String { path("tmp") }
    /// `LEGACY/legacy.sqlite`, when a legacy folder is configured.
    public var legacyDatabasePath: String? {
        legacyDataDirectory.map { ($0 as NSString).appendingPathComponent("legacy.sqlite") }
    }

    /// The file of `rendition` of live video `videoID` in this service's folder.
    public func mediaPath(videoID: Int64, rendition: String) -> String {
        "\(mediaDirectory)/\(videoID)/\(rendition).mp4"
    }

    /// The file of `rendition` of video `videoID` in the legacy folder, if configured.
    public func legacyMediaPath(videoID: Int64, rendition: String) -> String? {
        legacyDataDirectory.map { "\($0)/media/\(videoID)/\(rendition).mp4" }
    }

    /// Where a shadow upload's file goes.
    public func shadowPath(shadowID: Int64) -> String {
        "\(shadowDirectory)/\(shadowID)/original.mp4"
    }

    private func path(_ component: String) -> String {
        (dataDirectory as NSString).appendingPathComponent(component)
    }
}
