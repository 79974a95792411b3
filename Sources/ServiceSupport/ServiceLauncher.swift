import Foundation
import Hummingbird
import Logging
import NIOCore

/// How every HTTP service of this project (the legacy stub and the new services) runs: a logger named after
/// the service at `LOG_LEVEL` (default `warning`, to stderr), a Hummingbird application on HOST:PORT that
/// prints `NAME listening on http://HOST:PORT` once bound, and background tasks that stop with it.
package struct ServiceLauncher: Sendable {
    /// The service's name, as in its log label and its listening line.
    package let name: String
    package let host: String
    /// The port to bind; 0 picks a free one (the listening line says which).
    package let port: Int
    /// The service's logger.
    package let logger: Logger

    package init(name: String, host: String, port: Int) {
        var logger = Logger(label: name)
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        self.name = name
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// Serves `router` until SIGINT/SIGTERM with `background` running alongside; when the server stops, the
    /// background tasks are cancelled.
    package func serve(
        _ router: Router<BasicRequestContext>,
        background: [@Sendable () async -> Void] = []
    ) async throws {
        let (name, host, port) = (self.name, self.host, self.port)
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                // One line, written straight to fd 1 so it is never stuck in a buffer: scripts wait for it.
                FileHandle.standardOutput.write(Data("\(name) listening on http://\(host):\(bound)\n".utf8))
            },
            logger: logger
        )
        try await withThrowingDiscardingTaskGroup { group in
            for task in background { group.addTask { await task() } }
            try await application.runService()
            group.cancelAll()
        }
    }
}
