import ArgumentParser
import Logging
import NIOCore

/// `strangler serve`: run the proxy from a route file.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the proxy in front of the upstreams named in the route file.",
        discussion: """
            Listens on the route file's `listen` address and its admin API on `admin.listen`. The route file \
            is reloaded when it changes on disk, on SIGHUP, and on POST /admin/reload; a file that does not \
            validate is rejected and the current table keeps serving (GET /admin/status shows the error). \
            SIGTERM or Ctrl-C stops accepting connections and lets in-flight requests finish.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Event loop threads (default: one per core).")
    var threads: Int = System.coreCount

    func run() async throws {
        guard self.threads > 0 else { throw ValidationError("--threads must be at least 1") }
        let logger = self.common.makeLogger(label: "strangler.proxy")
        do {
            try await ProxyRunner(
                routesPath: self.common.routes,
                threads: self.threads,
                stateDirectory: self.common.state,
                logger: logger
            ).run()
        } catch let failure as CommandFailure {
            printError(failure.description)
            throw ExitCode.failure
        }
    }
}
