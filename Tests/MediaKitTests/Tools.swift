import Foundation
import Testing

/// Runs command-line tools (ffmpeg, ffprobe, the built binaries) for the tests.
enum Tools {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `executable` (a path, or a name looked up in /usr/bin) with `arguments` and waits.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/\(executable)")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = Pipe()
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
            .path
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let errorHandle = try #require(FileHandle(forWritingAtPath: errorPath))
        process.standardOutput = stdout
        process.standardError = errorHandle
        try process.run()
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        )
    }

    /// The built binary `name`, next to the test bundle.
    static func binary(_ name: String) -> String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// A new empty temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mediakit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Test clips made with `ffmpeg -f lavfi testsrc2` (and `sine` for audio).
enum Clips {
    enum Audio {
        case aac, pcm, none
    }

    /// Makes `directory/name` and returns its path.
    static func make(
        _ name: String,
        in directory: String,
        seconds: Double,
        size: String = "320x240",
        rate: String = "25",
        audio: Audio = .aac,
        video: [String] = ["-preset", "ultrafast", "-g", "50"]
    ) throws -> String {
        let path = "\(directory)/\(name)"
        var arguments = [
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=\(size):rate=\(rate)",
        ]
        if audio != .none { arguments += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"] }
        arguments += ["-t", String(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p"] + video
        switch audio {
        case .aac: arguments += ["-c:a", "aac", "-shortest"]
        case .pcm: arguments += ["-c:a", "pcm_s16le", "-shortest"]
        case .none: break
        }
        let result = try Tools.run("ffmpeg", arguments + [path])
        try #require(result.status == 0, "ffmpeg failed: \(result.stderr)")
        return path
    }
}

/// What ffprobe says about a file.
struct Probed {
    let width: Int
    let height: Int
    let frames: Int
    let duration: Double
    let videoStart: Double
    let audioCodec: String?
    let audioStart: Double?
    let audioDuration: Double?

    init(_ path: String) throws {
        let video = try Tools.run(
            "ffprobe",
            [
                "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=width,height,nb_read_frames,duration,start_time", "-of", "default=nw=1", path,
            ]
        )
        try #require(video.status == 0, "ffprobe failed on \(path): \(video.stderr)")
        let v = Self.fields(video.stdout)
        width = Int(v["width"] ?? "") ?? -1
        height = Int(v["height"] ?? "") ?? -1
        frames = Int(v["nb_read_frames"] ?? "") ?? -1
        duration = Double(v["duration"] ?? "") ?? -1
        videoStart = Double(v["start_time"] ?? "") ?? -1
        let audio = try Tools.run(
            "ffprobe",
            [
                "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=codec_name,start_time,duration",
                "-of", "default=nw=1", path,
            ]
        )
        let a = Self.fields(audio.stdout)
        audioCodec = a["codec_name"]
        audioStart = a["start_time"].flatMap(Double.init)
        audioDuration = a["duration"].flatMap(Double.init)
    }

    /// Errors ffmpeg reports while decoding every stream of `path` (empty when clean).
    static func decodeErrors(_ path: String) throws -> String {
        let result = try Tools.run("ffmpeg", ["-v", "error", "-i", path, "-f", "null", "-"])
        return result.status == 0 ? result.stderr : "exit \(result.status): \(result.stderr)"
    }

    private static func fields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2, fields[String(parts[0])] == nil { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }
}
