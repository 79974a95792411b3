import Foundation

/// A real `strangler serve` process on loopback, started from a route file written for the test.
final class ProxyProcess: @unchecked Sendable {
    let process = Process()
    let directory: URL
    let routesFile: URL
    let token = "test-admin-token"
    private(set) var port = 0
    private(set) var adminPort = 0
    private let output = Pipe()
    private let logFile: URL

    /// Directory holding the package's built executables (`.build/debug`).
    static var productsDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// A route file sending everything to `upstreams` (first is the fallback), plus `extra` YAML.
    static func routes(
        upstreams: [(String, Int)],
        proxy: String = "",
        features: String = "features: []"
    ) -> String {
        var yaml = """
            version: 1
            listen: 127.0.0.1:0
            admin: { listen: 127.0.0.1:0, token_env: STRANGLER_TEST_TOKEN }

            """
        if !proxy.isEmpty { yaml += "proxy:\n\(proxy)\n" }
        yaml += "upstreams:\n"
        for (name, port) in upstreams { yaml += "  \(name): http://127.0.0.1:\(port)\n" }
        yaml += "fallback: \(upstreams[0].0)\n\(features)\n"
        return yaml
    }

    init(routes: String, threads: Int = 1) throws {
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("strangler-test-\(UUID())")
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        self.routesFile = self.directory.appendingPathComponent("routes.yaml")
        self.logFile = self.directory.appendingPathComponent("proxy.log")
        try routes.write(to: self.routesFile, atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: self.logFile.path, contents: nil)
        self.process.executableURL = Self.productsDirectory.appendingPathComponent("strangler")
        self.process.arguments = [
            "serve", "--routes", self.routesFile.path, "--threads", String(threads),
            "--state", self.directory.appendingPathComponent("state").path,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["STRANGLER_TEST_TOKEN"] = self.token
        self.process.environment = environment
        self.process.standardOutput = self.output
        self.process.standardError = try FileHandle(forWritingTo: self.logFile)
        try self.process.run()
        try self.waitForListeners()
    }

    private func waitForListeners() throws {
        let handle = self.output.fileHandleForReading
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while (self.port == 0 || self.adminPort == 0) && Date() < deadline {
            let data = handle.availableData
            if data.isEmpty {
                guard self.process.isRunning else { break }
                continue
            }
            text += String(decoding: data, as: UTF8.self)
            for line in text.split(separator: "\n") {
                if line.hasPrefix("proxy listening on "), let port = Int(line.split(separator: ":").last ?? "") {
                    self.port = port
                }
                if line.hasPrefix("admin listening on "), let port = Int(line.split(separator: ":").last ?? "") {
                    self.adminPort = port
                }
            }
        }
        guard self.port != 0, self.adminPort != 0 else {
            self.stop()
            throw TestFailure("proxy did not start: \(text)\n\(self.log)")
        }
        // Keep draining stdout so the child never blocks on a full pipe.
        handle.readabilityHandler = { _ = $0.availableData }
    }

    /// What the proxy logged so far.
    var log: String { (try? String(contentsOf: self.logFile, encoding: .utf8)) ?? "" }

    /// Replaces the route file the way editors do: write a temporary file, rename it over the original.
    func replaceRoutes(_ yaml: String) throws {
        let temporary = self.directory.appendingPathComponent(".routes.yaml.tmp")
        try yaml.write(to: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary.path, self.routesFile.path) == 0 else { throw TestFailure("rename failed") }
    }

    func signal(_ signal: Int32) {
        kill(self.process.processIdentifier, signal)
    }

    func stop() {
        if self.process.isRunning {
            self.process.terminate()
            self.process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: self.directory)
    }

    deinit { self.stop() }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or `timeout` passes; the wait for a real condition, never a fixed sleep.
func eventually(
    timeout: Duration = .seconds(10),
    _ condition: () async throws -> Bool
) async throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
