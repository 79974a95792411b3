import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceSupport

/// Wires the store, seed data, routes, middleware and the transcode worker, then serves HTTP.
struct LegacyStubServer {
    let configuration: StubConfiguration

    /// Runs until SIGINT/SIGTERM.
    func run() async throws {
        var logger = Logger(label: "legacy-stub")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let configuration = self.configuration

        try prepareDirectories()
        let store = try LegacyStore.open(path: configuration.databasePath)
        try await Seed.populate(store) { configuration.mediaPath(videoID: $0, rendition: "original") }

        let replies = Replies(noise: configuration.noise)
        let worker = TranscodeWorker(store: store, configuration: configuration, logger: logger)
        let dependencies = StubDependencies(
            configuration: configuration,
            store: store,
            signer: JWTSigner(secret: configuration.jwtSecret),
            uploadGate: SerialGate(),
            transcodeWorker: worker,
            replies: replies
        )
        let application = Application(
            router: buildRouter(dependencies),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                // One line, written straight to fd 1 so it is never stuck in a buffer.
                let line = "legacy-stub listening on http://\(configuration.host):\(port)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            logger: logger
        )
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await worker.run() }
            try await application.runService()
            group.cancelAll()
        }
    }

    /// The router: error contract outermost, then fault injection, then the routes.
    func buildRouter(_ dependencies: StubDependencies) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        let replies = dependencies.replies
        router.add(middleware: APIErrorMiddleware(extraFields: { replies.noiseFields() }))
        router.add(
            middleware: FaultInjectionMiddleware(
                latency: dependencies.configuration.latency,
                errorRate: dependencies.configuration.errorRate
            )
        )
        AccountRoutes(dependencies: dependencies).register(on: router)
        VideoRoutes(dependencies: dependencies).register(on: router)
        UploadRoutes(dependencies: dependencies).register(on: router)
        TranscodeRoutes(dependencies: dependencies).register(on: router)
        MediaRoutes(dependencies: dependencies).register(on: router)
        MethodNotAllowed.register(on: router)
        return router
    }

    /// Creates the data folders and clears uploads a previous process left half-written.
    private func prepareDirectories() throws {
        let files = FileManager.default
        try files.createDirectory(atPath: configuration.mediaDirectory, withIntermediateDirectories: true)
        if files.fileExists(atPath: configuration.temporaryDirectory) {
            try files.removeItem(atPath: configuration.temporaryDirectory)
        }
        try files.createDirectory(atPath: configuration.temporaryDirectory, withIntermediateDirectories: true)
    }
}
