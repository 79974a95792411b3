import ArgumentParser
import Foundation
import Logging
import NIOCore
import StranglerCore

/// `strangler up`: the whole local stack in one command.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the local stack: the legacy stub, every new service built so far, and the proxy.",
        discussion: """
            Each upstream in the route file whose name is a service of this project (legacy, upload, feed, \
            transcode) is started on its address from the route file, with its data under --state. Then the \
            proxy starts in this process. Ctrl-C or SIGTERM stops everything; the services also exit if this \
            command is killed.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Proxy event loop threads (default: one per core).")
    var threads: Int = System.coreCount

    @Option(help: "Seconds to wait for each service to start listening.")
    var startTimeout: Double = 30

    func run() async throws {
        let logger = self.common.makeLogger(label: "strangler.up")
        let table: RouteTable
        do {
            table = try RouteTableLoading.load(self.common.routes)
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
        let supervisor = ServiceSupervisor(
            executablesDirectory: ServiceSupervisor.ownDirectory,
            stateDirectory: self.common.state,
            logger: logger
        )
        do {
            for upstream in table.upstreams {
                guard let spec = LocalService.spec(forUpstream: upstream.name) else {
                    print("  \(upstream.name): \(upstream.url) (not a local service; expected to be running)")
                    continue
                }
                if let url = try await supervisor.start(spec, upstream: upstream, timeout: self.startTimeout) {
                    print("  \(upstream.name): \(url)")
                } else {
                    print("  \(upstream.name): \(spec.executable) is not built yet; requests routed to it get 502")
                }
            }
            print("local stack: proxy http://\(table.listen)  admin http://\(table.admin.listen)  (Ctrl-C stops all)")
            try await ProxyRunner(
                routesPath: self.common.routes,
                threads: self.threads,
                stateDirectory: self.common.state,
                logger: logger
            ).run()
        } catch {
            await supervisor.stopAll()
            printError("\(error)")
            throw ExitCode.failure
        }
        await supervisor.stopAll()
    }
}

/// Loads a route file for a command, with the file:line:col error on failure.
enum RouteTableLoading {
    static func load(_ path: String) throws -> RouteTable {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CommandFailure(
                "\(path): cannot read the route file (\(error.localizedDescription)); pass --routes FILE"
            )
        }
        return try RouteTableParser.parse(text, file: path)
    }
}
