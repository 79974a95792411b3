import Foundation
import MediaKit
import Testing

struct ProbeTests {
    @Test func reportsStreamsCodecsSizeRateFramesAndKeyframes() async throws {
        let directory = try Tools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clip = try Clips.make("clip.mp4", in: directory, seconds: 6)
        let info = try await Probe.probe(clip)
        #expect(info.video.codec == "h264")
        #expect(info.video.width == 320 && info.video.height == 240)
        #expect(info.video.frameRate == Rational(25, 1))
        #expect(info.video.frameCount == 150)
        #expect(abs(info.video.duration - 6) < 0.001)
        #expect(info.audio?.codec == "aac")
        #expect(info.streams.map(\.kind) == [.video, .audio])
        #expect(info.video.keyframes.map(\.frameIndex) == [0, 50, 100])
        #expect(info.video.keyframes.map(\.time) == [0, 2, 4])
        #expect(info.video.keyframes.allSatisfy { $0.isIDR })
    }

    @Test func findsSparseKeyframes() throws {
        let directory = try Tools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clip = try Clips.make(
            "sparse.mp4",
            in: directory,
            seconds: 22,
            audio: .none,
            video: ["-preset", "ultrafast", "-g", "175", "-keyint_min", "175", "-sc_threshold", "0"]
        )
        let info = try Probe.probeBlocking(clip)
        #expect(info.video.keyframes.map(\.time) == [0, 7, 14, 21])
        #expect(info.audio == nil)
        let spans = ChunkPlanner.spans(of: info, chunkDuration: 10)
        #expect(spans.map(\.start) == [0, 7, 14])
        #expect(spans.map(\.frames.count).reduce(0, +) == 550)
    }

    @Test func tellsOpenGOPKeyframesFromIDRFrames() throws {
        let directory = try Tools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clip = try Clips.make("open.mp4", in: directory, seconds: 6, audio: .none, video: OpenGOP.arguments)
        let keyframes = try Probe.probeBlocking(clip).video.keyframes
        #expect(keyframes.count == 3)
        #expect(keyframes.map(\.isIDR) == [true, false, false])
    }

    enum BadInput: String, CaseIterable {
        case empty, text, audioOnly, truncated, missing
    }

    @Test(arguments: BadInput.allCases)
    func badInputGivesAClearError(_ kind: BadInput) throws {
        let directory = try Tools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/input.mp4"
        let expected: MediaError.Code
        switch kind {
        case .empty:
            _ = FileManager.default.createFile(atPath: path, contents: Data())
            expected = .emptyFile
        case .text:
            _ = FileManager.default.createFile(atPath: path, contents: Data("not a video at all\n".utf8))
            expected = .notAVideo
        case .audioOnly:
            let result = try Tools.run(
                "ffmpeg",
                ["-v", "error", "-y", "-f", "lavfi", "-i", "sine", "-t", "2", "-c:a", "aac", "\(directory)/a.m4a"]
            )
            try #require(result.status == 0)
            try FileManager.default.moveItem(atPath: "\(directory)/a.m4a", toPath: path)
            expected = .noVideoStream
        case .truncated:
            let clip = try Clips.make(
                "whole.mp4",
                in: directory,
                seconds: 4,
                video: ["-preset", "ultrafast", "-movflags", "+faststart"]
            )
            let data = try Data(contentsOf: URL(fileURLWithPath: clip))
            _ = FileManager.default.createFile(atPath: path, contents: data.prefix(data.count / 2))
            expected = .truncated
        case .missing:
            expected = .fileNotFound
        }
        let error = try #require(throws: MediaError.self) { try Probe.probeBlocking(path) }
        #expect(error.code == expected, "\(error.message)")
        #expect(error.message.contains("input.mp4"))
    }
}

/// x264 settings for an open-GOP clip: keyframes every 2 s at 25 fps, only the first one an IDR.
enum OpenGOP {
    static let arguments = [
        "-preset", "veryfast", "-bf", "3", "-x264-params", "open-gop=1:keyint=50:min-keyint=50:scenecut=0",
    ]
}
