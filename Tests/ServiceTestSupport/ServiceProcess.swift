import Foundation

/// One of this package's executables started for a test: free port, killed and cleaned up after.
///
/// The binary must sit next to the test bundle (`.build/<triple>/debug/`), which is where
/// `swift build --build-tests` puts every product. It must print `<name> listening on http://HOST:PORT`.
public final class ServiceProcess: @unchecked Sendable {
    /// The executable's name (`legacy-stub`, `upload-service`, ...).
    public let name: String
    /// The port it printed.
    public let port: Int
    /// Its process id (for `/proc/PID/status`).
    public let pid: Int32
    private let process: Process

    /// The directory holding the built executables.
    public static var binaryDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// Starts `name` with `arguments` (plus `--port 0`), environment additions, stderr to `logFile`.
    public init(_ name: String, arguments: [String], environment: [String: String] = [:], logFile: URL? = nil)
        throws
    {
        self.name = name
        let binary = Self.binaryDirectory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw TestFailure("\(name) not found at \(binary.path); build it with `swift build --product \(name)`.")
        }
        process = Process()
        process.executableURL = binary
        process.arguments = ["--port", "0"] + arguments
        var env = ProcessInfo.processInfo.environment
        for key in ["LEGACY_LATENCY_MS", "LEGACY_ERROR_RATE", "LEGACY_NOISE", "STRANGLER_JWT_SECRET"] {
            env[key] = nil
        }
        process.environment = env.merging(environment) { $1 }
        let stdout = Pipe()
        process.standardOutput = stdout
        if let logFile {
            FileManager.default.createFile(atPath: logFile.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: logFile)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        pid = process.processIdentifier
        do {
            let line = try Self.readLine(from: stdout.fileHandleForReading.fileDescriptor, name: name, timeout: 30)
            let prefix = "\(name) listening on http://127.0.0.1:"
            guard line.hasPrefix(prefix), let port = Int(line.dropFirst(prefix.count)) else {
                throw TestFailure("unexpected first line from \(name): \(line)")
            }
            self.port = port
        } catch {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw error
        }
    }

    deinit { stop() }

    /// Kills the process (SIGKILL) and waits for it.
    public func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Whether it still runs.
    public var isRunning: Bool { process.isRunning }

    /// A client for it.
    public var client: HTTPTestClient { HTTPTestClient(port: port) }

    /// Peak resident memory (`VmHWM`) in bytes.
    public func peakResidentBytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        else { throw TestFailure("no VmHWM for \(pid)") }
        return kilobytes * 1024
    }

    private static func readLine(from fd: Int32, name: String, timeout: Double) throws -> String {
        let text = try readOutput(from: fd, process: name, timeout: timeout) { $0.contains("\n") }
        return String(text.prefix { $0 != "\n" })
    }

    /// Reads a child's stdout until `done` holds for all of it read so far (or `timeout` seconds pass, or the
    /// child exits: both throw, with what it printed).
    static func readOutput(from fd: Int32, process name: String, timeout: Double, until done: (String) -> Bool)
        throws -> String
    {
        let deadline = Date().addingTimeInterval(timeout)
        var text = ""
        while !done(text) {
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            var pollfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard remaining > 0, poll(&pollfd, 1, remaining) > 0 else {
                throw TestFailure("\(name) printed no 'listening on' line within \(timeout) s: \(text)")
            }
            var chunk = [UInt8](repeating: 0, count: 256)
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 else { throw TestFailure("\(name) exited before listening: \(text)") }
            text += String(decoding: chunk[..<count], as: UTF8.self)
        }
        return text
    }
}

/// A failure in the test harness.
public struct TestFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// Creates a failure.
    public init(_ description: String) { self.description = description }
}

/// A fresh directory under the system temp folder; removed by ``remove()``.
public struct ScratchDirectory: Sendable {
    /// The directory.
    public let url: URL

    /// Creates `/tmp/<prefix>-<uuid>`.
    public init(_ prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// `url/component`.
    public func path(_ component: String) -> String { url.appendingPathComponent(component).path }

    /// Regular files under `url/sub`, relative names.
    public func files(in sub: String) -> [String] {
        let base = url.appendingPathComponent(sub)
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { name in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(
                atPath: base.appendingPathComponent(name).path,
                isDirectory: &isDirectory
            )
            return exists && !isDirectory.boolValue
        }
    }

    /// Deletes the directory.
    public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Polls `condition` every 10 ms until it holds or `timeout` seconds pass; returns whether it held.
public func eventually(timeout: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

/// Runs blocking work (socket calls of ``HTTPTestClient``) on its own thread, so long transfers
/// never occupy the small cooperative pool that other tests and async database reads need.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
