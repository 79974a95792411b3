import EventLog
import Foundation
import Hummingbird
import Logging
import ServiceSupport
import VideoContract

/// Wires the store, event log, legacy read-through and routes, then serves HTTP.
public struct UploadServer: Sendable {
    /// The resolved configuration.
    public let configuration: UploadConfiguration

    /// Creates a server for `configuration`.
    public init(configuration: UploadConfiguration) {
        self.configuration = configuration
    }

    /// Runs until SIGINT/SIGTERM. Prints `upload-service listening on http://HOST:PORT` once bound.
    public func run() async throws {
        let configuration = self.configuration
        let launcher = ServiceLauncher(name: "upload-service", host: configuration.host, port: configuration.port)
        let logger = launcher.logger
        try prepareDirectories()
        let store = try UploadStore.open(path: configuration.databasePath)
        let legacy = try configuration.legacyDatabasePath.map { try LegacyDatabase(path: $0) }
        let legacyTop = try await legacy?.maxVideoID() ?? 0
        try await store.raiseIDFloor(to: max(configuration.idBase - 1, legacyTop))
        let log = try SQLiteEventLog(path: configuration.eventsPath)
        let relay = OutboxRelay(store: store, log: log, logger: logger)
        let dependencies = UploadDependencies(
            configuration: configuration,
            store: store,
            legacy: legacy,
            signer: JWTSigner(secret: configuration.jwtSecret),
            relay: relay
        )
        let transcoded = TranscodedConsumer(store: store, log: log, logger: logger)
        try await launcher.serve(
            Self.buildRouter(dependencies),
            background: [{ await relay.run() }, { await transcoded.run() }]
        )
    }

    /// The router: error contract outermost, then the routes, then 405s.
    static func buildRouter(_ dependencies: UploadDependencies) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: APIErrorMiddleware())
        UploadRoutes(dependencies: dependencies).register(on: router)
        VideoRoutes(dependencies: dependencies).register(on: router)
        MediaRoutes(dependencies: dependencies).register(on: router)
        MethodNotAllowed.register(
            [
                ("/api/videos", [.post]),
                ("/api/videos/:id", [.get, .head]),
                ("/media/:video/:file", [.get, .head]),
            ],
            on: router
        )
        return router
    }

    /// Creates the data folders and clears uploads a previous process left half-written.
    private func prepareDirectories() throws {
        let files = FileManager.default
        for directory in [configuration.mediaDirectory, configuration.shadowDirectory] {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        if files.fileExists(atPath: configuration.temporaryDirectory) {
            try files.removeItem(atPath: configuration.temporaryDirectory)
        }
        try files.createDirectory(atPath: configuration.temporaryDirectory, withIntermediateDirectories: true)
    }
}
