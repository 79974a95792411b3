import Foundation
import Testing

/// Runs real transcodes in the `strangler` binary with LeakSanitizer (the toolchain's ASan runtime,
/// preloaded; no special build) and expects no leaked allocation, libav's included.
struct LeakCheckTests {
    /// The ASan runtime shipped with the Swift toolchain on PATH.
    static func sanitizerRuntime() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let swift = URL(fileURLWithPath: "\(directory)/swift").resolvingSymlinksInPath()
            guard FileManager.default.isExecutableFile(atPath: swift.path) else { continue }
            let clang = swift.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "lib/clang"
            )
            for version in (try? FileManager.default.contentsOfDirectory(atPath: clang.path)) ?? [] {
                let runtime = clang.appendingPathComponent("\(version)/lib/linux/libclang_rt.asan-x86_64.so").path
                if FileManager.default.fileExists(atPath: runtime) { return runtime }
            }
        }
        throw LeakCheckError.noRuntime
    }

    enum LeakCheckError: Error {
        case noRuntime
    }

    @Test(arguments: [
        (["--chunk", "1s"], Clips.Audio.aac),
        (["--sequential"], .aac),
        (["--chunk", "1s", "--renditions", "1080p"], .aac),
        (["--chunk", "1s"], .pcm),
    ])
    func transcodeLeaksNothing(_ extra: [String], audio: Clips.Audio) throws {
        let directory = try Tools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clip = try Clips.make(
            audio == .pcm ? "tiny.mov" : "tiny.mp4",
            in: directory,
            seconds: 2,
            size: "160x120",
            audio: audio,
            video: ["-preset", "ultrafast", "-g", "25"]
        )
        let binary = Tools.binary("strangler")
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the strangler product first")
        let result = try Tools.run(
            binary,
            ["transcode", clip, "--out", "\(directory)/out", "--renditions", "96p,120p", "--no-progress"] + extra,
            environment: ["LD_PRELOAD": try Self.sanitizerRuntime(), "ASAN_OPTIONS": "detect_leaks=1:exitcode=23"]
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("LeakSanitizer"), "\(result.stderr)")
    }

    @Test func badInputLeaksNothing() throws {
        let directory = try Tools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = FileManager.default.createFile(atPath: "\(directory)/bad.mp4", contents: Data(repeating: 7, count: 4096))
        let result = try Tools.run(
            Tools.binary("strangler"),
            ["transcode", "\(directory)/bad.mp4", "--out", "\(directory)/out", "--no-progress"],
            environment: ["LD_PRELOAD": try Self.sanitizerRuntime(), "ASAN_OPTIONS": "detect_leaks=1:exitcode=23"]
        )
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("not a media file"))
        #expect(!result.stderr.contains("LeakSanitizer"), "\(result.stderr)")
    }
}
