import ArgumentParser
import FeedService
import Foundation
import ServiceSupport

/// `feed-service`: parses options and starts the new feed service.
@main
struct FeedServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed-service",
        abstract: "The new feed service: GET /api/feed from an in-memory read model, answer-compatible with legacy.",
        discussion: """
            The read model is fed by the event log (video.uploaded, video.transcoded) and, with \
            --backfill-from, by the legacy database (read-only): users, follows and every video first, \
            then every --backfill-interval ms whatever legacy added or transcoded since. Tailing legacy is \
            what lets the feed be shadow-compared while uploads still go to legacy; once uploads are on the \
            new service, set --backfill-interval 0 (and keep reverse-shadow uploads out of legacy) so \
            mirrored uploads are not counted twice.

            Once listening it prints one line to stdout: `feed-service listening on http://HOST:PORT`.
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free port (see the printed line).")
    var port = 9102

    @Option(
        name: .customLong("data"),
        help: ArgumentHelp("Directory for feed.sqlite (created if missing).", valueName: "dir")
    )
    var dataDirectory = ".strangler/feed"

    @Option(
        name: .customLong("events"),
        help: ArgumentHelp("The shared event log file. Default: <data>/../events.sqlite.", valueName: "path")
    )
    var eventsPath: String?

    @Option(
        name: .customLong("backfill-from"),
        help: ArgumentHelp("The legacy stub's legacy.sqlite, opened read-only.", valueName: "path")
    )
    var backfillPath: String?

    @Option(
        help: ArgumentHelp(
            "Milliseconds between passes that copy legacy's new rows after the first backfill; 0 copies once.",
            valueName: "ms"
        )
    )
    var backfillInterval = 500

    func validate() throws {
        guard backfillInterval >= 0 else { throw ValidationError("--backfill-interval must be 0 or more.") }
    }

    func run() async throws {
        ParentWatch.exitWithParentIfAsked()
        var configuration = FeedConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.dataDirectory = dataDirectory
        configuration.eventsPath =
            eventsPath
            ?? URL(fileURLWithPath: dataDirectory).standardizedFileURL.deletingLastPathComponent()
            .appendingPathComponent("events.sqlite").path
        configuration.backfillPath = backfillPath
        configuration.backfillInterval = backfillInterval == 0 ? nil : .milliseconds(backfillInterval)
        try await FeedServer(configuration: configuration).run()
    }
}
