import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import StranglerAudit
import StranglerCore
import StranglerProxy
import StranglerShadow
import UnixSignals

/// Starts the proxy, its admin API, the route file watcher, the SIGHUP handler and the guard from one
/// route file, and runs them until SIGTERM or SIGINT (graceful: in-flight requests finish).
struct ProxyRunner {
    var routesPath: String
    var threads: Int
    var stateDirectory: String
    var logger: Logger

    /// Runs until shutdown. `onReady` is called once both listeners are bound.
    func run(onReady: @escaping @Sendable () async -> Void = {}) async throws {
        let text: String
        let table: RouteTable
        do {
            text = try RouteFileStore(path: self.routesPath).read()
            table = try RouteTableParser.parse(text, file: self.routesPath)
        } catch {
            throw CommandFailure("\(error)")
        }
        let token = try AdminTokenSource.resolve(
            variable: table.admin.tokenEnv,
            stateDirectory: self.stateDirectory,
            logger: self.logger
        )
        let audit = try AuditLog(path: StatePaths.audit(in: self.stateDirectory))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.threads)
        // Everything bound to the group is released before the group shuts down.
        try await self.serve(table: table, text: text, token: token, audit: audit, group: group, onReady: onReady)
        try await group.shutdownGracefully()
    }

    private func serve(
        table: RouteTable,
        text: String,
        token: AdminToken,
        audit: AuditLog,
        group: MultiThreadedEventLoopGroup,
        onReady: @escaping @Sendable () async -> Void
    ) async throws {
        let metrics = ProxyMetrics()
        let store = RouteTableStore(table: table, metrics: metrics)
        let controller = RouteTableController(
            file: RouteFileStore(path: self.routesPath),
            initialText: text,
            store: store,
            audit: audit,
            metrics: metrics,
            logger: self.logger
        )
        controller.recordStart(actor: Actor.current)
        let guardMonitor = GuardMonitor()
        let shadowStore = try ShadowStore(path: StatePaths.shadow(in: self.stateDirectory))
        let recorder = ShadowRecorder(
            store: shadowStore,
            rulesProvider: { feature in store.current.table.feature(named: feature)?.shadow },
            logger: self.logger
        )
        recorder.setRechecker(
            ShadowSettler(client: ReplayClient(group: group, timeout: .seconds(10)), recorder: recorder)
        )
        let shadow = ShadowRuntime(
            recorder: recorder,
            captures: CaptureWriter(directory: StatePaths.captures(in: self.stateDirectory)),
            spoolDirectory: try StatePaths.spool(in: self.stateDirectory)
        )
        let proxy = try await ProxyServer.bind(
            group: group,
            routes: store,
            token: token,
            guardMonitor: guardMonitor,
            shadow: shadow,
            logger: self.logger
        )
        if let address = proxy.localAddress {
            print("proxy listening on http://\(address.ipAddress ?? table.listen.host):\(address.port ?? 0)")
            fflush(nil)
        }
        let admin = AdminServer.make(
            address: table.admin.listen,
            dependencies: .init(
                token: token,
                store: store,
                controller: controller,
                audit: audit,
                metrics: metrics,
                shadowStore: shadowStore
            ),
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
                    .init(service: ShadowRecorderService(recorder: recorder)),
                    .init(service: RouteFileWatcher(controller: controller, logger: self.logger)),
                    .init(service: SignalReloader(controller: controller)),
                    .init(
                        service: GuardService(
                            monitor: guardMonitor,
                            store: store,
                            controller: controller,
                            logger: self.logger
                        )
                    ),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: self.logger
            )
        )
        try await services.run()
    }
}

/// Where commands keep their state under `--state`.
enum StatePaths {
    static func audit(in state: String) -> String {
        URL(fileURLWithPath: state).appendingPathComponent("audit.sqlite").path
    }

    static func shadow(in state: String) -> String {
        URL(fileURLWithPath: state).appendingPathComponent("shadow.sqlite").path
    }

    /// Where `shadow.capture` writes captured requests, one JSON-lines file per feature.
    static func captures(in state: String) -> String {
        URL(fileURLWithPath: state).appendingPathComponent("captures").path
    }

    /// Where shadow body copies spill; emptied at start (leftovers of a killed proxy are garbage).
    static func spool(in state: String) throws -> String {
        let path = URL(fileURLWithPath: state).appendingPathComponent("spool").path
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Who is running this command, for the audit log.
enum Actor {
    static var current: String {
        let environment = ProcessInfo.processInfo.environment
        if let actor = environment["STRANGLER_ACTOR"] ?? environment["USER"], !actor.isEmpty { return actor }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(getuid())"
    }
}

/// Finds the admin token: the environment variable the route file names, or else a token kept in the
/// state directory (made on first use, mode 0600), so local commands work without setup.
enum AdminTokenSource {
    static func resolve(variable: String, stateDirectory: String, logger: Logger?) throws -> AdminToken {
        if let token = self.find(variable: variable, stateDirectory: stateDirectory) { return token }
        var generator = SystemRandomNumberGenerator()
        let value = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
        let path = self.path(stateDirectory)
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        FileManager.default.createFile(
            atPath: path,
            contents: Data(value.utf8),
            attributes: [.posixPermissions: 0o600]
        )
        logger?.notice("\(variable) is not set; generated an admin token in \(path)")
        return AdminToken(value)!
    }

    /// The token from the environment or the state directory, without making one.
    static func find(variable: String, stateDirectory: String) -> AdminToken? {
        if let value = ProcessInfo.processInfo.environment[variable], let token = AdminToken(value) {
            return token
        }
        let saved = try? String(contentsOfFile: self.path(stateDirectory), encoding: .utf8)
        return saved.flatMap { AdminToken($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// The raw token text (for the CLI's own admin calls).
    static func value(variable: String, stateDirectory: String) -> String? {
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
        return (try? String(contentsOfFile: self.path(stateDirectory), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func path(_ stateDirectory: String) -> String {
        URL(fileURLWithPath: stateDirectory).appendingPathComponent("admin-token").path
    }
}

/// A failure to report to the user as one line, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
