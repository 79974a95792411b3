import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `transcode-service` process started for a test, on a free port.
final class ServiceProcess: @unchecked Sendable {
    let port: Int
    private let process: Process

    /// The built binary next to the test bundle.
    static func binary(_ name: String) -> String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Starts the service on `data` (and `events`), with small chunks so tests see several.
    init(data: String, events: String, extra: [String] = []) throws {
        let binary = Self.binary("transcode-service")
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build transcode-service first")
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--port", "0", "--data", data, "--events", events, "--chunk-seconds", "2"] + extra
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = try Self.firstLine(stdout.fileHandleForReading)
        let prefix = "transcode-service listening on http://127.0.0.1:"
        guard line.hasPrefix(prefix), let port = Int(line.dropFirst(prefix.count)) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw ServiceError.unexpected(line)
        }
        self.port = port
    }

    enum ServiceError: Error {
        case unexpected(String)
    }

    /// Kills the process with `signal` and waits for it.
    func stop(signal: Int32 = SIGKILL) {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
    }

    private static func firstLine(_ handle: FileHandle) throws -> String {
        var bytes: [UInt8] = []
        while true {
            let chunk = handle.readData(ofLength: 1)
            guard let byte = chunk.first else { break }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `METHOD path` with an optional JSON body; returns the status and the JSON object answered.
    func request(_ method: String, _ path: String, json: [String: Any]? = nil) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? -1
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (status, object)
    }

    /// Polls `condition` every 20 ms until it holds or `seconds` pass; returns whether it held.
    static func eventually(within seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

/// ffmpeg/ffprobe helpers for the service tests.
enum Media {
    static func run(_ tool: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A testsrc2 clip with AAC audio.
    static func clip(_ path: String, seconds: Int, size: String) throws {
        let (status, output) = try run(
            "ffmpeg",
            [
                "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=\(size):rate=30", "-f", "lavfi", "-i",
                "sine=sample_rate=48000", "-t", "\(seconds)", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path,
            ]
        )
        try #require(status == 0, "ffmpeg: \(output)")
    }

    /// Decoded video frame count of `path` and whether it decodes without errors.
    static func frames(_ path: String) throws -> (count: Int, clean: Bool) {
        let (_, count) = try run(
            "ffprobe",
            [
                "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames",
                "-of", "csv=p=0", path,
            ]
        )
        let (status, errors) = try run("ffmpeg", ["-v", "error", "-i", path, "-f", "null", "-"])
        return (Int(count.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1, status == 0 && errors.isEmpty)
    }
}
