import EventLog
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceSupport
import VideoContract

/// Wires the feed's store, read model, event projector and legacy backfill, then serves HTTP.
public struct FeedServer: Sendable {
    /// The resolved configuration.
    public let configuration: FeedConfiguration

    /// Creates a server for `configuration`.
    public init(configuration: FeedConfiguration) {
        self.configuration = configuration
    }

    /// Runs until SIGINT/SIGTERM. The first backfill pass completes before the port opens, so
    /// the first answer already holds legacy's history. Prints `feed-service listening on http://HOST:PORT`.
    public func run() async throws {
        var logger = Logger(label: "feed-service")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let configuration = self.configuration
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let store = try FeedStore.open(path: configuration.databasePath)
        let model = FeedReadModel()
        try await store.load(into: model)
        let backfill = try configuration.backfillPath.map { path in
            LegacyBackfill(
                legacy: try LegacyDatabase(path: path),
                store: store,
                model: model,
                interval: configuration.backfillInterval,
                logger: logger
            )
        }
        try await backfill?.initial()
        let log = try SQLiteEventLog(path: configuration.eventsPath)
        let projector = EventProjector(
            store: store,
            model: model,
            log: log,
            pollInterval: configuration.eventPollInterval,
            logger: logger
        )
        let application = Application(
            router: Self.buildRouter(model),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                let line = "feed-service listening on http://\(configuration.host):\(port)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            logger: logger
        )
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await projector.run() }
            if let backfill { group.addTask { await backfill.tail() } }
            try await application.runService()
            group.cancelAll()
        }
    }

    /// The router: error contract outermost, the feed, then 405s.
    static func buildRouter(_ model: FeedReadModel) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: APIErrorMiddleware())
        FeedRoutes(model: model).register(on: router)
        MethodNotAllowed.register([("/api/feed", [.get, .head])], on: router)
        return router
    }
}
