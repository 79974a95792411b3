import Foundation

/// A real `strangler serve` process on loopback, started from a route file written for the test,
/// with its own state folder; killed and cleaned up by ``stop()``.
///
/// The binary must sit next to the test bundle, like ``ServiceProcess``'s. Readiness is the two lines
/// `strangler serve` prints once its listeners are bound: `proxy listening on http://HOST:PORT` and
/// `admin listening on http://HOST:PORT`.
public final class StranglerProcess: @unchecked Sendable {
    /// The admin token the route files of ``routeFile(upstreams:fallback:proxy:features:)`` point at.
    public static let adminToken = "service-test-admin-token"

    /// The proxy's port.
    public let port: Int
    /// The admin API's port.
    public let adminPort: Int
    /// Its process id (for `/proc/PID/status`).
    public let pid: Int32
    /// Holds `routes.yaml`, `state/` and `proxy.log` (stderr).
    public let scratch: ScratchDirectory
    private let process: Process
    private let output: Pipe

    /// A route file listening on an ephemeral loopback port, with `upstreams` (`name: port` on
    /// 127.0.0.1), the `fallback` upstream, optional `proxy:` settings (indented YAML lines) and the
    /// `features:` section as given.
    public static func routeFile(
        upstreams: [(name: String, port: Int)],
        fallback: String,
        proxy: String = "",
        features: String
    ) -> String {
        var yaml = """
            version: 1
            listen: 127.0.0.1:0
            admin: { listen: 127.0.0.1:0, token_env: STRANGLER_SERVICE_TEST_TOKEN }

            """
        if !proxy.isEmpty { yaml += "proxy:\n\(proxy)\n" }
        yaml += "upstreams:\n"
        for upstream in upstreams { yaml += "  \(upstream.name): http://127.0.0.1:\(upstream.port)\n" }
        yaml += "fallback: \(fallback)\n\(features)\n"
        return yaml
    }

    /// Writes `routes` and starts `strangler serve --routes F --state DIR --threads N`; returns once
    /// both listeners are bound.
    public init(routes: String, threads: Int = 2) throws {
        let binary = ServiceProcess.binaryDirectory.appendingPathComponent("strangler")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw TestFailure("strangler not found at \(binary.path); build it with `swift build --product strangler`.")
        }
        scratch = try ScratchDirectory("strangler-serve")
        let routesFile = scratch.url.appendingPathComponent("routes.yaml")
        try routes.write(to: routesFile, atomically: true, encoding: .utf8)
        let logFile = scratch.url.appendingPathComponent("proxy.log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process = Process()
        process.executableURL = binary
        process.arguments = [
            "serve", "--routes", routesFile.path, "--state", scratch.path("state"), "--threads", String(threads),
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["STRANGLER_SERVICE_TEST_TOKEN"] = Self.adminToken
        process.environment = environment
        output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: logFile)
        do {
            try process.run()
        } catch {
            scratch.remove()
            throw error
        }
        pid = process.processIdentifier
        do {
            let ports = try Self.readPorts(from: output.fileHandleForReading.fileDescriptor, timeout: 30)
            (port, adminPort) = (ports.proxy, ports.admin)
        } catch {
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            kill(pid, SIGKILL)
            process.waitUntilExit()
            scratch.remove()
            throw TestFailure("\(error)\n\(log)")
        }
        // Keep draining stdout so the proxy never blocks on a full pipe.
        output.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
    }

    deinit { stop() }

    /// Kills the process (SIGKILL), waits for it and removes its folder.
    public func stop() {
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        scratch.remove()
    }

    /// Whether it still runs.
    public var isRunning: Bool { process.isRunning }

    /// A client for the proxy's port.
    public var client: HTTPTestClient { HTTPTestClient(port: port) }

    /// What the proxy logged so far (its stderr).
    public var log: String { (try? String(contentsOfFile: scratch.path("proxy.log"), encoding: .utf8)) ?? "" }

    /// Reads stdout until both `… listening on http://HOST:PORT` lines arrived.
    private static func readPorts(from fd: Int32, timeout: Double) throws -> (proxy: Int, admin: Int) {
        func port(_ prefix: String, in text: String) -> Int? {
            // Complete lines only: a line still being written could end in part of its port number.
            guard let end = text.lastIndex(of: "\n") else { return nil }
            return text[..<end].split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { line in
                line.split(separator: ":").last.flatMap { Int($0) }
            }
        }
        let text = try ServiceProcess.readOutput(from: fd, process: "strangler serve", timeout: timeout) { text in
            port("proxy listening on http://", in: text) != nil && port("admin listening on http://", in: text) != nil
        }
        return (port("proxy listening on http://", in: text)!, port("admin listening on http://", in: text)!)
    }
}

extension StranglerProcess {
    /// Starts a proxy off the cooperative pool (start-up blocks while waiting for the ports).
    public static func start(routes: String, threads: Int = 2) async throws -> StranglerProcess {
        try await offPool { try StranglerProcess(routes: routes, threads: threads) }
    }
}
