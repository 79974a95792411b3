import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import StranglerCore
import StranglerProxy
import UnixSignals

/// Starts the proxy, its admin API, the route file watcher and the SIGHUP handler from one route file,
/// and runs them until SIGTERM or SIGINT (graceful: in-flight requests finish).
struct ProxyRunner {
    var routesPath: String
    var threads: Int
    var stateDirectory: String
    var logger: Logger

    /// Runs until shutdown. `onReady` is called once both listeners are bound.
    func run(onReady: @escaping @Sendable () async -> Void = {}) async throws {
        let table: RouteTable
        do {
            table = try RouteTableLoading.load(self.routesPath)
        } catch {
            throw CommandFailure("\(error)")
        }
        let token = try AdminTokenSource.resolve(
            variable: table.admin.tokenEnv,
            stateDirectory: self.stateDirectory,
            logger: self.logger
        )
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.threads)
        // Everything bound to the group is released before the group shuts down.
        try await self.serve(table: table, token: token, group: group, onReady: onReady)
        try await group.shutdownGracefully()
    }

    private func serve(
        table: RouteTable,
        token: AdminToken,
        group: MultiThreadedEventLoopGroup,
        onReady: @escaping @Sendable () async -> Void
    ) async throws {
        let store = RouteTableStore(table: table)
        let reloader = RouteReloader(path: self.routesPath, store: store, logger: self.logger)
        let proxy = try await ProxyServer.bind(group: group, routes: store, logger: self.logger)
        if let address = proxy.localAddress {
            print("proxy listening on http://\(address.ipAddress ?? table.listen.host):\(address.port ?? 0)")
            fflush(nil)
        }
        let admin = AdminServer.make(
            address: (table.admin.listen.host, table.admin.listen.port),
            token: token,
            store: store,
            reloader: reloader,
            eventLoopGroup: group,
            logger: self.logger,
            onServerRunning: { channel in
                let address = channel.localAddress
                print("admin listening on http://\(address?.ipAddress ?? "?"):\(address?.port ?? 0)")
                fflush(nil)
                await onReady()
            }
        )
        let services = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: proxy),
                    .init(service: admin),
                    .init(service: RouteFileWatcher(reloader: reloader, logger: self.logger)),
                    .init(service: SignalReloader(reloader: reloader)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: self.logger
            )
        )
        try await services.run()
    }
}

/// Finds the admin token: the environment variable the route file names, or else a token kept in the
/// state directory (made on first use, mode 0600), so local commands work without setup.
enum AdminTokenSource {
    static func resolve(variable: String, stateDirectory: String, logger: Logger) throws -> AdminToken {
        if let value = ProcessInfo.processInfo.environment[variable], let token = AdminToken(value) {
            return token
        }
        let path = URL(fileURLWithPath: stateDirectory).appendingPathComponent("admin-token").path
        if let saved = try? String(contentsOfFile: path, encoding: .utf8),
            let token = AdminToken(saved.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            return token
        }
        var generator = SystemRandomNumberGenerator()
        let value = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        FileManager.default.createFile(
            atPath: path,
            contents: Data(value.utf8),
            attributes: [.posixPermissions: 0o600]
        )
        logger.notice("\(variable) is not set; generated an admin token in \(path)")
        return AdminToken(value)!
    }
}

/// A failure to report to the user as one line, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
