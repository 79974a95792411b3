import Foundation

/// A legacy stub plus the new services a test asks for, sharing one scratch directory and event log:
/// `legacy/` (the stub's data), `upload/`, `feed/`, `events.sqlite`.
public final class ServiceStack: @unchecked Sendable {
    /// The scratch folder holding every service's data.
    public let scratch: ScratchDirectory
    /// The legacy stub.
    public let legacy: ServiceProcess
    /// The upload service, when asked for.
    public private(set) var upload: ServiceProcess?
    /// The feed service, when asked for.
    public private(set) var feed: ServiceProcess?
    /// The transcode service, when started.
    public private(set) var transcode: ServiceProcess?

    /// Largest upload both sides accept.
    public let maxUploadBytes: Int

    /// Starts legacy, then the requested services (upload with `--legacy-data`, feed with `--backfill-from`).
    public init(
        upload: Bool = false,
        feed: Bool = false,
        maxUploadBytes: Int = 4 << 30,
        backfillInterval: Int = 100
    ) throws {
        scratch = try ScratchDirectory("service-stack")
        self.maxUploadBytes = maxUploadBytes
        legacy = try ServiceProcess(
            "legacy-stub",
            arguments: ["--data", scratch.path("legacy"), "--max-upload-bytes", String(maxUploadBytes)]
        )
        if upload { try startUpload() }
        if feed { try startFeed(backfillInterval: backfillInterval) }
    }

    deinit {
        upload?.stop()
        feed?.stop()
        transcode?.stop()
        legacy.stop()
        scratch.remove()
    }

    /// The shared event log file.
    public var eventsPath: String { scratch.path("events.sqlite") }

    /// (Re)starts the upload service on the same data.
    public func startUpload(extra: [String] = []) throws {
        upload?.stop()
        upload = try ServiceProcess(
            "upload-service",
            arguments: [
                "--data", scratch.path("upload"), "--events", eventsPath, "--legacy-data", scratch.path("legacy"),
                "--max-upload-bytes", String(maxUploadBytes),
            ] + extra,
            logFile: scratch.url.appendingPathComponent("upload.log")
        )
    }

    /// (Re)starts the transcode service on the same data, reading legacy's originals and jobs
    /// (`--legacy-data`), with x264's fastest preset.
    public func startTranscode() throws {
        transcode?.stop()
        transcode = try ServiceProcess(
            "transcode-service",
            arguments: [
                "--data", scratch.path("transcode"), "--events", eventsPath, "--legacy-data", scratch.path("legacy"),
                "--preset", "ultrafast",
            ],
            logFile: scratch.url.appendingPathComponent("transcode.log")
        )
    }

    /// (Re)starts the feed service on the same data.
    public func startFeed(backfillInterval: Int = 100, backfill: Bool = true) throws {
        feed?.stop()
        feed = try ServiceProcess(
            "feed-service",
            arguments: ["--data", scratch.path("feed"), "--events", eventsPath]
                + (backfill
                    ? [
                        "--backfill-from", scratch.path("legacy/legacy.sqlite"), "--backfill-interval",
                        "\(backfillInterval)",
                    ]
                    : []),
            logFile: scratch.url.appendingPathComponent("feed.log")
        )
    }
}

extension ServiceStack {
    /// Starts a stack off the cooperative pool (process start-up blocks while waiting for the port).
    public static func start(
        upload: Bool = false,
        feed: Bool = false,
        maxUploadBytes: Int = 4 << 30,
        backfillInterval: Int = 100
    ) async throws -> ServiceStack {
        try await offPool {
            try ServiceStack(
                upload: upload,
                feed: feed,
                maxUploadBytes: maxUploadBytes,
                backfillInterval: backfillInterval
            )
        }
    }
}

extension ServiceProcess {
    /// Starts a process off the cooperative pool; see ``init(_:arguments:environment:logFile:)``.
    public static func start(_ name: String, arguments: [String]) async throws -> ServiceProcess {
        try await offPool { try ServiceProcess(name, arguments: arguments) }
    }
}
