import Foundation
import MediaKit
import Testing

struct TranscodeTests {
    struct Case: Sendable, CustomStringConvertible {
        let description: String
        let seconds: Double
        let rate: String
        let audio: Clips.Audio
        let video: [String]
        let chunk: Double
        let mode: TranscodeConfiguration.Mode
        let expectedChunks: Int
    }

    static let cases = [
        Case(
            description: "shorter than one chunk",
            seconds: 3,
            rate: "25",
            audio: .aac,
            video: ["-preset", "ultrafast"],
            chunk: 10,
            mode: .chunked,
            expectedChunks: 1
        ),
        Case(
            description: "keyframes 7 s apart",
            seconds: 22,
            rate: "25",
            audio: .aac,
            video: ["-preset", "ultrafast", "-g", "175", "-keyint_min", "175", "-sc_threshold", "0"],
            chunk: 10,
            mode: .chunked,
            expectedChunks: 3
        ),
        Case(
            description: "30000/1001 fps without audio",
            seconds: 12,
            rate: "30000/1001",
            audio: .none,
            video: ["-preset", "ultrafast", "-g", "48"],
            chunk: 4,
            mode: .chunked,
            // 4.8, 3.2, 1.6, 1.6 and 0.8 s: with 2 workers the last chunks shrink (see ChunkPlanner).
            expectedChunks: 5
        ),
        Case(
            description: "open GOP cut at non-IDR keyframes",
            seconds: 10,
            rate: "25",
            audio: .aac,
            video: OpenGOP.arguments,
            chunk: 2,
            mode: .chunked,
            expectedChunks: 5
        ),
        Case(
            description: "PCM audio re-encoded to AAC",
            seconds: 8,
            rate: "25",
            audio: .pcm,
            video: ["-preset", "ultrafast", "-g", "50"],
            chunk: 4,
            mode: .chunked,
            expectedChunks: 3
        ),
        Case(
            description: "sequential whole file",
            seconds: 8,
            rate: "25",
            audio: .aac,
            video: ["-preset", "ultrafast", "-g", "50"],
            chunk: 4,
            mode: .sequential,
            expectedChunks: 1
        ),
    ]

    @Test(arguments: cases)
    func outputsMatchTheSourceFrameForFrame(_ testCase: Case) async throws {
        let directory = try Tools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let name = testCase.audio == .pcm ? "source.mov" : "source.mp4"
        let source = try Clips.make(
            name,
            in: directory,
            seconds: testCase.seconds,
            rate: testCase.rate,
            audio: testCase.audio,
            video: testCase.video
        )
        let configuration = TranscodeConfiguration(
            mode: testCase.mode,
            renditions: [Rendition.named("120p")!, Rendition.named("240p")!, .p720],
            chunkDuration: testCase.chunk,
            workers: 2,
            encoder: EncoderSettings(preset: "ultrafast", crf: 28)
        )
        let report = try await Transcoder(configuration: configuration)
            .transcode(input: source, outputDirectory: "\(directory)/out")
        #expect(report.chunkCount == testCase.expectedChunks)
        #expect(report.filledFrames == 0)
        #expect(report.outputs.map(\.name) == ["120p", "240p"], "720p would upscale a 240-line source")

        let original = try Probed(source)
        let frameDuration = 1 / report.source.video.frameRate.value
        for (output, size) in zip(report.outputs, [(160, 120), (320, 240)]) {
            let probed = try Probed(output.path)
            #expect(output.path == "\(directory)/out/\(output.name).mp4")
            #expect(probed.width == size.0 && probed.height == size.1)
            #expect(probed.frames == original.frames, "\(output.name) frame count")
            #expect(abs(probed.duration - original.duration) < frameDuration, "\(output.name) duration")
            #expect(probed.videoStart == 0)
            #expect(try Probed.decodeErrors(output.path) == "")
            if testCase.audio == .none {
                #expect(probed.audioCodec == nil)
            } else {
                #expect(probed.audioCodec == "aac")
                #expect(abs((probed.audioStart ?? -1) - (original.audioStart ?? 0)) < 0.03, "audio start (sync)")
                #expect(abs((probed.audioDuration ?? -1) - (original.audioDuration ?? 0)) < 0.05, "audio duration")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/out/.chunks-\(name)"), "work folder left behind")
    }

    /// With PCM audio the interrupted run also leaves the converted audio, which the next run reuses.
    @Test(arguments: [Clips.Audio.aac, .pcm])
    func resumesFromTheChunksAnInterruptedRunLeft(_ audio: Clips.Audio) async throws {
        let directory = try Tools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let name = audio == .pcm ? "source.mov" : "source.mp4"
        let source = try Clips.make(name, in: directory, seconds: 12, audio: audio)
        let configuration = TranscodeConfiguration(
            renditions: [Rendition.named("120p")!],
            chunkDuration: 2,
            workers: 1,
            encoder: EncoderSettings(preset: "ultrafast")
        )
        let transcoder = Transcoder(configuration: configuration)
        let work = "\(directory)/work"
        let cancel = CancelFlag()
        let interrupted = try #require(throws: MediaError.self) {
            try transcoder.transcodeBlocking(
                input: source,
                outputDirectory: "\(directory)/out",
                workDirectory: work,
                cancel: cancel,
                progress: { if $0.chunksDone >= 2 { cancel.cancel() } }
            )
        }
        #expect(interrupted.code == .cancelled)
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/out/120p.mp4"))
        #expect(FileManager.default.fileExists(atPath: "\(work)/audio.bin") == (audio == .pcm), "converted first")

        let report = try await transcoder.transcode(
            input: source,
            outputDirectory: "\(directory)/out",
            workDirectory: work
        )
        #expect(report.chunkCount == 6)
        #expect((2..<6).contains(report.chunksReused))
        let probed = try Probed(report.outputs[0].path)
        let original = try Probed(source)
        #expect(probed.frames == 300)
        #expect(probed.audioCodec == "aac")
        #expect(abs((probed.audioStart ?? -1) - (original.audioStart ?? 0)) < 0.03, "audio start (sync)")
        #expect(abs((probed.audioDuration ?? -1) - (original.audioDuration ?? 0)) < 0.05, "audio duration")
        #expect(try Probed.decodeErrors(report.outputs[0].path) == "")
        #expect(!FileManager.default.fileExists(atPath: work))
    }

    @Test func reportsProgressUpToDone() async throws {
        let directory = try Tools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = try Clips.make("source.mp4", in: directory, seconds: 4)
        let seen = ProgressLog()
        _ = try await Transcoder(configuration: .init(renditions: [Rendition.named("120p")!], chunkDuration: 2))
            .transcode(input: source, outputDirectory: "\(directory)/out", progress: { seen.append($0) })
        let all = seen.values
        #expect(all.last?.phase == .done && all.last?.fraction == 1)
        #expect(all.contains { $0.phase == .joining })
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.fraction <= $1.fraction })
    }

    @Test func rejectsBadSettings() async throws {
        let bad = [
            TranscodeConfiguration(renditions: []),
            TranscodeConfiguration(chunkDuration: 0),
            TranscodeConfiguration(workers: 0),
            TranscodeConfiguration(encoder: EncoderSettings(preset: "warp")),
        ]
        for configuration in bad {
            await #expect(throws: MediaError.self) {
                try await Transcoder(configuration: configuration).transcode(
                    input: "/nonexistent",
                    outputDirectory: "/tmp"
                )
            }
        }
    }
}

/// Progress reports collected from worker threads.
final class ProgressLog: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var stored: [TranscodeProgress] = []

    func append(_ progress: TranscodeProgress) { lock.withLock { stored.append(progress) } }
    var values: [TranscodeProgress] { lock.withLock { stored } }
}
