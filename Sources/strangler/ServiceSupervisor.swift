import Foundation
import Logging
import StranglerCore

/// A service of this project that `strangler up` can start for an upstream of the same name.
struct LocalService: Sendable {
    let executable: String
    let dataFolder: String

    static func spec(forUpstream name: String) -> LocalService? {
        switch name {
        case "legacy": LocalService(executable: "legacy-stub", dataFolder: "legacy")
        case "upload": LocalService(executable: "upload-service", dataFolder: "upload")
        case "feed": LocalService(executable: "feed-service", dataFolder: "feed")
        case "transcode": LocalService(executable: "transcode-service", dataFolder: "transcode")
        default: nil
        }
    }
}

/// Starts the stack's services as child processes and stops them all, leaving no orphans.
///
/// Children get `STRANGLER_EXIT_WITH_PARENT=1`, which makes them ask the kernel for SIGTERM when this
/// process dies, even by SIGKILL.
actor ServiceSupervisor {
    private let executablesDirectory: URL
    private let stateDirectory: String
    private let logger: Logger
    private var children: [Process] = []

    init(executablesDirectory: URL, stateDirectory: String, logger: Logger) {
        self.executablesDirectory = executablesDirectory
        self.stateDirectory = stateDirectory
        self.logger = logger
    }

    /// The directory this executable lives in, where SwiftPM puts the sibling service executables.
    static var ownDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// Starts `spec` listening on the upstream's address; returns its URL, or `nil` when not built.
    func start(_ spec: LocalService, upstream: Upstream, timeout: Double) async throws -> String? {
        let executable = self.executablesDirectory.appendingPathComponent(spec.executable)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { return nil }
        let data = URL(fileURLWithPath: self.stateDirectory).appendingPathComponent(spec.dataFolder).path
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--host", upstream.host, "--port", String(upstream.port), "--data", data]
        process.arguments! += Self.stackArguments(for: spec, stateDirectory: self.stateDirectory)
        var environment = ProcessInfo.processInfo.environment
        environment["STRANGLER_EXIT_WITH_PARENT"] = "1"
        process.environment = environment
        let log = URL(fileURLWithPath: self.stateDirectory).appendingPathComponent("\(spec.executable).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        self.children.append(process)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else {
                throw CommandFailure(
                    "\(spec.executable) exited with status \(process.terminationStatus); see \(log.path)"
                )
            }
            if PortProbe.isListening(host: upstream.host, port: upstream.port) { return upstream.url }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CommandFailure(
            "\(spec.executable) did not listen on \(upstream.host):\(upstream.port) within \(Int(timeout)) s; see \(log.path)"
        )
    }

    /// How the new services find the shared event log and (read-only) the legacy stub's data.
    static func stackArguments(for spec: LocalService, stateDirectory: String) -> [String] {
        let state = URL(fileURLWithPath: stateDirectory)
        let events = state.appendingPathComponent("events.sqlite").path
        let legacyData = state.appendingPathComponent("legacy")
        let legacyDatabase = legacyData.appendingPathComponent("legacy.sqlite").path
        let hasLegacy = FileManager.default.fileExists(atPath: legacyDatabase)
        switch spec.executable {
        case "upload-service", "transcode-service":
            return ["--events", events] + (hasLegacy ? ["--legacy-data", legacyData.path] : [])
        case "feed-service": return ["--events", events] + (hasLegacy ? ["--backfill-from", legacyDatabase] : [])
        default: return []
        }
    }

    /// Sends SIGTERM to every child, waits up to five seconds, then SIGKILLs what is left.
    func stopAll() async {
        for child in self.children where child.isRunning { child.terminate() }
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, self.children.contains(where: { $0.isRunning }) {
            try? await Task.sleep(for: .milliseconds(50))
        }
        for child in self.children where child.isRunning { kill(child.processIdentifier, SIGKILL) }
        self.children.removeAll()
    }
}

/// Checks whether something accepts TCP connections on an address.
enum PortProbe {
    static func isListening(host: String, port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else { return false }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
