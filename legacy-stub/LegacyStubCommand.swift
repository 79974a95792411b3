import ArgumentParser
import Foundation
import ServiceSupport

/// `legacy-stub`: parses options and starts the stand-in monolith.
@main
struct LegacyStubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "legacy-stub",
        abstract: "A stand-in legacy monolith: auth, users, search, upload, feed, transcode and media over HTTP.",
        discussion: """
            Seeds deterministic demo data on first start (users alice, bob, carol, dave, erin with ids 1-5, \
            password = username, and 40 videos). Once listening it prints one line to stdout: \
            `legacy-stub listening on http://HOST:PORT`.

            Fault injection for shadow comparisons: --latency-ms, --error-rate and --noise \
            (or LEGACY_LATENCY_MS, LEGACY_ERROR_RATE, LEGACY_NOISE=1).
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free port (see the printed line).")
    var port = 9000

    @Option(
        name: .customLong("data"),
        help: ArgumentHelp("Directory for legacy.sqlite and media files (created if missing).", valueName: "dir")
    )
    var dataDirectory = ".strangler/legacy"

    @Option(
        help: ArgumentHelp("Secret that signs login tokens (HS256). Env: STRANGLER_JWT_SECRET.", valueName: "secret")
    )
    var jwtSecret: String?

    @Option(
        name: .customLong("latency-ms"),
        help: ArgumentHelp(
            "Extra delay on every /api request: N or a range A-B in milliseconds. Env: LEGACY_LATENCY_MS.",
            valueName: "ms|A-B"
        )
    )
    var latency: LatencySpec?

    @Option(
        help: ArgumentHelp(
            "Share of /api requests (0 to 1) that answer 500 with a JSON error. Env: LEGACY_ERROR_RATE.",
            valueName: "rate"
        )
    )
    var errorRate: Double?

    @Flag(help: "Add noisy fields: top-level served_at and a random view_count on videos. Env: LEGACY_NOISE=1.")
    var noise = false

    @Option(help: ArgumentHelp("Largest accepted upload body in bytes (413 above it).", valueName: "bytes"))
    var maxUploadBytes: Int64 = 4 << 30

    func validate() throws {
        if let errorRate, !(0...1).contains(errorRate) {
            throw ValidationError("--error-rate must be between 0 and 1, for example 0.05.")
        }
        guard maxUploadBytes > 0 else {
            throw ValidationError("--max-upload-bytes must be positive.")
        }
    }

    func run() async throws {
        ParentWatch.exitWithParentIfAsked()
        let configuration = try self.resolve(environment: ProcessInfo.processInfo.environment)
        try await LegacyStubServer(configuration: configuration).run()
    }

    /// Merges flags with their environment fallbacks; flags win.
    func resolve(environment: [String: String]) throws -> StubConfiguration {
        var configuration = StubConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.dataDirectory = dataDirectory
        configuration.jwtSecret = jwtSecret ?? environment["STRANGLER_JWT_SECRET"] ?? configuration.jwtSecret
        if let latency {
            configuration.latency = latency
        } else if let text = environment["LEGACY_LATENCY_MS"], !text.isEmpty {
            guard let parsed = LatencySpec(argument: text) else {
                throw ValidationError("LEGACY_LATENCY_MS must be N or A-B in milliseconds, not '\(text)'.")
            }
            configuration.latency = parsed
        }
        if let errorRate {
            configuration.errorRate = errorRate
        } else if let text = environment["LEGACY_ERROR_RATE"], !text.isEmpty {
            guard let parsed = Double(text), (0...1).contains(parsed) else {
                throw ValidationError("LEGACY_ERROR_RATE must be a number between 0 and 1, not '\(text)'.")
            }
            configuration.errorRate = parsed
        }
        configuration.noise = noise || ["1", "true", "yes"].contains(environment["LEGACY_NOISE"]?.lowercased() ?? "")
        configuration.maxUploadBytes = maxUploadBytes
        return configuration
    }
}
