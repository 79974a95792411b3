import Foundation
import Testing

/// A `legacy-stub` process started for one test, on a free port with a fresh data directory.
final class StubProcess: @unchecked Sendable {
    /// The process's data directory (`--data`).
    let dataDirectory: URL
    /// The port it printed.
    let port: Int
    private let process: Process

    /// The built binary: `legacy-stub` next to the test bundle in `.build/<triple>/debug/`.
    static var binary: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("legacy-stub")
    }

    /// Starts the stub with `arguments` (plus `--port 0 --data <temp>`) and `environment` additions,
    /// runs `body`, and always kills the process and removes its data directory afterwards.
    static func with<T>(
        arguments: [String] = [],
        environment: [String: String] = [:],
        _ body: (StubProcess) async throws -> T
    ) async throws -> T {
        let stub = try StubProcess(arguments: arguments, environment: environment)
        defer { stub.stop() }
        return try await body(stub)
    }

    private init(arguments: [String], environment: [String: String]) throws {
        let binary = Self.binary
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "legacy-stub not found at \(binary.path); build it with `swift build --product legacy-stub`."
        )
        dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("legacy-stub-test-\(UUID().uuidString)")
        process = Process()
        process.executableURL = binary
        process.arguments = ["--port", "0", "--data", dataDirectory.path] + arguments
        var env = ProcessInfo.processInfo.environment
        for key in ["LEGACY_LATENCY_MS", "LEGACY_ERROR_RATE", "LEGACY_NOISE", "STRANGLER_JWT_SECRET"] {
            env[key] = nil
        }
        process.environment = env.merging(environment) { $1 }
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        do {
            let line = try Self.readLine(from: stdout.fileHandleForReading.fileDescriptor, timeout: 20)
            let prefix = "legacy-stub listening on http://127.0.0.1:"
            try #require(line.hasPrefix(prefix), "unexpected first line: \(line)")
            port = try #require(Int(line.dropFirst(prefix.count)))
        } catch {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw error
        }
    }

    /// Kills the process and deletes its data directory.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// A client for this stub.
    var client: TinyHTTPClient { TinyHTTPClient(port: port) }

    /// Names of the files under `DATA/sub` (empty when the folder does not exist).
    func files(in sub: String) -> [String] {
        let url = dataDirectory.appendingPathComponent(sub)
        guard let enumerator = FileManager.default.enumerator(atPath: url.path) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { name in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(
                atPath: url.appendingPathComponent(name).path,
                isDirectory: &isDirectory
            )
            return exists && !isDirectory.boolValue
        }
    }

    /// Reads one `\n`-terminated line from `fd`, failing after `timeout` seconds.
    private static func readLine(from fd: Int32, timeout: Double) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var bytes: [UInt8] = []
        while !bytes.contains(UInt8(ascii: "\n")) {
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            var pollfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard remaining > 0, poll(&pollfd, 1, remaining) > 0 else {
                throw StubError("legacy-stub printed no 'listening on' line within \(timeout) s")
            }
            var chunk = [UInt8](repeating: 0, count: 256)
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 else { throw StubError("legacy-stub exited before listening") }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }
}

/// A failure in the test harness.
struct StubError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` every 20 ms until it holds or `timeout` seconds pass; returns whether it held.
func eventually(timeout: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
