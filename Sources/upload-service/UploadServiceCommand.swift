import ArgumentParser
import Foundation
import ServiceSupport
import UploadService

/// `upload-service`: parses options and starts the new upload service.
@main
struct UploadServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload-service",
        abstract: "The new upload service: streamed uploads, video metadata and media, answer-compatible with legacy.",
        discussion: """
            POST /api/videos (raw video/* with ?title=, or multipart title + file; bearer token from the \
            legacy login), GET /api/videos/{id}, GET /media/{video}/{rendition}.mp4 with Range. Each upload \
            is streamed to a temp file with its SHA-256, fsynced and renamed, then a video.uploaded event \
            goes onto the event log keyed by user id. Requests with X-Strangler-Shadow: 1 are stored apart \
            and emit no event.

            With --legacy-data, tokens must name a legacy user, new ids start above every id legacy has \
            assigned, and videos and media that only legacy has are read through (read-only).

            Once listening it prints one line to stdout: `upload-service listening on http://HOST:PORT`.
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free port (see the printed line).")
    var port = 9101

    @Option(
        name: .customLong("data"),
        help: ArgumentHelp("Directory for upload.sqlite and media files (created if missing).", valueName: "dir")
    )
    var dataDirectory = ".strangler/upload"

    @Option(
        name: .customLong("events"),
        help: ArgumentHelp("The shared event log file. Default: <data>/../events.sqlite.", valueName: "path")
    )
    var eventsPath: String?

    @Option(help: ArgumentHelp("Largest accepted upload body in bytes (413 above it).", valueName: "bytes"))
    var maxUploadBytes: Int64 = 4 << 30

    @Option(
        name: .customLong("legacy-data"),
        help: ArgumentHelp(
            "The legacy stub's data directory, opened read-only: users, id floor, read-through of old videos.",
            valueName: "dir"
        )
    )
    var legacyDataDirectory: String?

    @Option(help: ArgumentHelp("Smallest id this service assigns.", valueName: "id"))
    var idBase: Int64 = 1_000_000_001

    @Option(
        help: ArgumentHelp(
            "Secret that verifies bearer tokens (HS256). Env: STRANGLER_JWT_SECRET.",
            valueName: "secret"
        )
    )
    var jwtSecret: String?

    func validate() throws {
        guard maxUploadBytes > 0 else { throw ValidationError("--max-upload-bytes must be positive.") }
        guard idBase > 0 else { throw ValidationError("--id-base must be positive.") }
    }

    func run() async throws {
        ParentWatch.exitWithParentIfAsked()
        var configuration = UploadConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.dataDirectory = dataDirectory
        configuration.eventsPath = eventsPath ?? Self.defaultEventsPath(data: dataDirectory)
        configuration.maxUploadBytes = maxUploadBytes
        configuration.legacyDataDirectory = legacyDataDirectory
        configuration.idBase = idBase
        configuration.jwtSecret =
            jwtSecret ?? ProcessInfo.processInfo.environment["STRANGLER_JWT_SECRET"] ?? configuration.jwtSecret
        try await UploadServer(configuration: configuration).run()
    }

    /// `<data>/../events.sqlite`.
    static func defaultEventsPath(data: String) -> String {
        URL(fileURLWithPath: data).standardizedFileURL.deletingLastPathComponent()
            .appendingPathComponent("events.sqlite").path
    }
}
