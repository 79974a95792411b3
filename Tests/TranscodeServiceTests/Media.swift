import Foundation
import ServiceTestSupport
import Testing

extension ServiceProcess {
    /// Starts `transcode-service` on `data` (and `events`), with small chunks so tests see several.
    static func transcode(data: String, events: String, extra: [String] = []) async throws -> ServiceProcess {
        try await start(
            "transcode-service",
            arguments: ["--data", data, "--events", events, "--chunk-seconds", "2"] + extra
        )
    }

    /// `METHOD path` with an optional JSON body and headers; the status and the JSON object answered.
    func request(_ method: String, _ path: String, json: [String: Any]? = nil, headers: [String: String] = [:])
        async throws -> (Int, [String: Any])
    {
        let client = self.client
        let body = try json.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        var headers = headers
        if json != nil { headers["Content-Type"] = "application/json" }
        let reply = try await offPool { [headers] in try client.send(method, path, headers: headers, body: body) }
        return (reply.status, (try? reply.json()) ?? [:])
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
