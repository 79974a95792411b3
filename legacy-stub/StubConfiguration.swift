import Foundation

/// Everything the running stub needs to know, resolved from flags and environment.
struct StubConfiguration: Sendable {
    /// Address to bind.
    var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one.
    var port = 9000
    /// Holds `legacy.sqlite`, `media/` and `tmp/`.
    var dataDirectory = ".strangler/legacy"
    /// HS256 secret for login tokens.
    var jwtSecret = "strangler-dev-secret"
    /// Extra delay on every `/api` request.
    var latency = LatencySpec.none
    /// Share (0...1) of `/api` requests that fail with an injected 500.
    var errorRate = 0.0
    /// Adds `served_at` and `view_count` noise fields.
    var noise = false
    /// Largest accepted upload body.
    var maxUploadBytes: Int64 = 4 << 30
    /// Nice levels the transcode worker's threads run below request handling: 19, as in transcode-service.
    /// On one shared machine either side's background transcodes would otherwise slow the other side's
    /// answers, and the shadow comparison would measure that rather than the services (a real monolith
    /// runs on machines of its own).
    var mediaNiceIncrement: Int32 = 19

    /// `DATA/legacy.sqlite`.
    var databasePath: String { path("legacy.sqlite") }
    /// `DATA/media`: one folder per video holding `original.mp4` and rendition files.
    var mediaDirectory: String { path("media") }
    /// `DATA/tmp`: uploads and renditions in progress.
    var temporaryDirectory: String { path("tmp") }

    /// The file of `rendition` (`original`, `360p`, ...) of video `videoID`.
    func mediaPath(videoID: Int64, rendition: String) -> String {
        "\(mediaDirectory)/\(videoID)/\(rendition).mp4"
    }

    private func path(_ component: String) -> String {
        (dataDirectory as NSString).appendingPathComponent(component)
    }
}
