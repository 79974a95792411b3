import EventLog
import Foundation
import Hummingbird
import Logging
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
        let configuration = self.configuration
        let launcher = ServiceLauncher(name: "feed-service", host: configuration.host, port: configuration.port)
        let logger = launcher.logger
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
        var background: [@Sendable () async -> Void] = [{ await projector.run() }]
        if let backfill { background.append { await backfill.tail() } }
        try await launcher.serve(Self.buildRouter(model), background: background)
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
