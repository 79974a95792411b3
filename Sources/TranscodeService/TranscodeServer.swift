import EventLog
import Foundation
import Hummingbird
import Logging
import MediaKit
import ServiceSupport
import VideoContract

/// Wires the job store, scheduler, event consumer and routes, then serves HTTP.
public struct TranscodeServer: Sendable {
    /// The resolved configuration.
    public let configuration: TranscodeServiceConfiguration

    /// Creates a server for `configuration`.
    public init(configuration: TranscodeServiceConfiguration) {
        self.configuration = configuration
    }

    /// Runs until SIGINT/SIGTERM. Prints `transcode-service listening on http://HOST:PORT` once bound.
    public func run() async throws {
        let configuration = self.configuration
        let launcher = ServiceLauncher(name: "transcode-service", host: configuration.host, port: configuration.port)
        let logger = launcher.logger
        MediaThreads.lowerPriority(by: configuration.mediaNiceIncrement)
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let store = try TranscodeStore.open(path: configuration.databasePath)
        try await store.requeueInterrupted(maximumAttempts: configuration.maximumAttempts)
        let legacy = configuration.legacyDataDirectory.flatMap { directory in
            try? LegacyDatabase(path: (directory as NSString).appendingPathComponent("legacy.sqlite"))
        }
        let legacyTopJob = (try? await legacy?.maxTranscodeJobID()) ?? 0
        try await store.raiseJobIDFloor(to: max(configuration.jobIDBase - 1, legacyTopJob))
        let log = try SQLiteEventLog(path: configuration.eventsPath)
        let board = ProgressBoard()
        let runner = JobRunner(configuration: configuration, store: store, log: log, board: board, logger: logger)
        for job in try await store.unannouncedJobs() { await runner.announce(job, duration: nil) }
        let scheduler = JobScheduler(
            store: store,
            runner: runner,
            concurrentJobs: configuration.concurrentJobs,
            logger: logger
        )
        let dependencies = TranscodeDependencies(
            configuration: configuration,
            store: store,
            legacy: legacy,
            scheduler: scheduler,
            board: board
        )
        let consumer = UploadedConsumer(
            configuration: configuration,
            store: store,
            log: log,
            scheduler: scheduler,
            logger: logger
        )
        try await launcher.serve(
            Self.buildRouter(dependencies),
            background: [{ await scheduler.run() }, { await consumer.run() }]
        )
    }

    /// The router: error contract outermost, then the routes, then 405s.
    static func buildRouter(_ dependencies: TranscodeDependencies) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: APIErrorMiddleware())
        TranscodeRoutes(dependencies: dependencies).register(on: router)
        MediaRoutes(dependencies: dependencies).register(on: router)
        MethodNotAllowed.register(
            [
                ("/api/transcode", [.post]),
                ("/api/transcode/:job", [.get, .head]),
                ("/media/:video/:file", [.get, .head]),
            ],
            on: router
        )
        return router
    }
}
