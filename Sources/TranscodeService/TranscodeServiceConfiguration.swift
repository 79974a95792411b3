import Foundation
import MediaKit

/// Everything a running transcode service needs, resolved from flags and environment.
public struct TranscodeServiceConfiguration: Sendable {
    /// Address to bind.
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one.
    public var port = 9103
    /// The service's own folder: `transcode.sqlite`, `media/`, `shadow/`, `work/`.
    public var dataDirectory = ".strangler/transcode"
    /// The shared event log file.
    public var eventsPath = ".strangler/events.sqlite"
    /// The legacy stub's data folder, read-only: originals of videos only legacy has.
    public var legacyDataDirectory: String?
    /// Transcode every `video.uploaded` video automatically. Default on.
    public var autoTranscode = true
    /// Renditions an automatic transcode produces.
    public var autoRenditions = ["360p", "720p"]
    /// How each video is transcoded (chunk length, workers, x264 settings).
    public var transcoding = TranscodeConfiguration()
    /// Jobs run at once (each of a different user). Default 2.
    public var concurrentJobs = 2
    /// The smallest job id this service assigns; ids also stay above every job id legacy has assigned, so
    /// the two never name different jobs alike.
    public var jobIDBase: Int64 = 1_000_000_001
    /// Nice levels the transcoding threads run below the service's request handling, so the API answers
    /// promptly while background jobs use every core. Default 19 (the lowest priority).
    public var mediaNiceIncrement: Int32 = 19
    /// Times a job interrupted by a crash is retried before it is marked failed.
    public var maximumAttempts = 3

    /// Creates the default configuration.
    public init() {}

    /// `DATA/transcode.sqlite`.
    public var databasePath: String { path("transcode.sqlite") }
    /// `DATA/media/{video}`: the finished renditions of a video.
    public func mediaDirectory(videoID: Int64, shadow: Bool = false) -> String {
        path("\(shadow ? "shadow" : "media")/\(videoID)")
    }
    /// `DATA/work/job-{id}`: chunk files of a running job, kept across restarts.
    public func workDirectory(jobID: Int64) -> String { path("work/job-\(jobID)") }
    /// The original of video `videoID` in the legacy folder, when one is configured.
    public func legacyOriginal(videoID: Int64) -> String? {
        legacyDataDirectory.map { ($0 as NSString).appendingPathComponent("media/\(videoID)/original.mp4") }
    }

    private func path(_ name: String) -> String { (dataDirectory as NSString).appendingPathComponent(name) }
}
