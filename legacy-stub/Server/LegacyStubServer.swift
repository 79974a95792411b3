import Foundation
import Hummingbird
import Logging
import MediaKit
import ServiceSupport

/// Wires the store, seed data, routes, middleware and the transcode worker, then serves HTTP.
struct LegacyStubServer {
    let configuration: StubConfiguration

    /// Runs until SIGINT/SIGTERM.
    func run() async throws {
        let configuration = self.configuration
        let launcher = ServiceLauncher(name: "legacy-stub", host: configuration.host, port: configuration.port)
        let logger = launcher.logger
        MediaThreads.lowerPriority(by: configuration.mediaNiceIncrement)

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
        try await launcher.serve(buildRouter(dependencies), background: [{ await worker.run() }])
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
