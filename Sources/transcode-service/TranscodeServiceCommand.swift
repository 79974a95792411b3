import ArgumentParser
import Foundation
import MediaKit
import ServiceSupport
import TranscodeService

/// `transcode-service`: parses options and starts the new transcode service.
@main
struct TranscodeServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcode-service",
        abstract: "The new transcode service: chunked parallel H.264 renditions, answer-compatible with legacy.",
        discussion: """
            POST /api/transcode {video_id, renditions} queues a job (202); GET /api/transcode/{job} shows its \
            status and progress; GET /media/{video}/{rendition}.mp4 serves the outputs with Range. Every \
            video.uploaded event on the event log queues a transcode too (unless --no-auto-transcode). Jobs run \
            in order per user and in parallel across users; each video is split at keyframes into chunks \
            transcoded on every core, then joined. Jobs survive restarts: one interrupted mid-way resumes from \
            its finished chunks. A finished job appends video.transcoded (key: user id).

            Once listening it prints one line to stdout: `transcode-service listening on http://HOST:PORT`.
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free port (see the printed line).")
    var port = 9103

    @Option(
        name: .customLong("data"),
        help: ArgumentHelp("Directory for transcode.sqlite, media/ and work/ (created if missing).", valueName: "dir")
    )
    var dataDirectory = ".strangler/transcode"

    @Option(
        name: .customLong("events"),
        help: ArgumentHelp("The shared event log file. Default: <data>/../events.sqlite.", valueName: "path")
    )
    var eventsPath: String?

    @Option(
        name: .customLong("legacy-data"),
        help: ArgumentHelp("The legacy stub's data directory, read-only: originals only legacy has.", valueName: "dir")
    )
    var legacyDataDirectory: String?

    @Option(
        help: ArgumentHelp(
            "Smallest job id this service assigns (ids also stay above legacy's, so a job id names one job).",
            valueName: "id"
        )
    )
    var jobIDBase: Int64 = 1_000_000_001

    @Flag(inversion: .prefixedNo, help: "Transcode every uploaded video automatically (video.uploaded events).")
    var autoTranscode = true

    @Option(help: "Target chunk length in seconds.")
    var chunkSeconds: Double = 10

    @Option(help: "Chunk workers per job (default: one per core).")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Jobs run at once, each for a different user.")
    var concurrentJobs = 2

    @Option(help: "x264 preset.")
    var preset = "veryfast"

    @Option(help: "x264 constant rate factor (0-51).")
    var crf: Double = 23

    func validate() throws {
        guard jobIDBase > 0 else { throw ValidationError("--job-id-base must be positive.") }
        guard chunkSeconds > 0 else { throw ValidationError("--chunk-seconds must be positive.") }
        guard workers >= 1, concurrentJobs >= 1 else {
            throw ValidationError("--workers and --concurrent-jobs must be at least 1.")
        }
        guard EncoderSettings.presets.contains(preset) else {
            throw ValidationError("Unknown x264 preset '\(preset)'.")
        }
    }

    func run() async throws {
        ParentWatch.exitWithParentIfAsked()
        var configuration = TranscodeServiceConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.dataDirectory = dataDirectory
        configuration.eventsPath = eventsPath ?? Self.defaultEventsPath(data: dataDirectory)
        configuration.legacyDataDirectory = legacyDataDirectory
        configuration.jobIDBase = jobIDBase
        configuration.autoTranscode = autoTranscode
        configuration.concurrentJobs = concurrentJobs
        configuration.transcoding = TranscodeConfiguration(
            chunkDuration: chunkSeconds,
            workers: workers,
            encoder: EncoderSettings(preset: preset, crf: crf)
        )
        try await TranscodeServer(configuration: configuration).run()
    }

    /// `<data>/../events.sqlite`.
    static func defaultEventsPath(data: String) -> String {
        URL(fileURLWithPath: data).standardizedFileURL.deletingLastPathComponent()
            .appendingPathComponent("events.sqlite").path
    }
}
