import ArgumentParser
import Foundation
import MediaKit

/// `strangler transcode`: a video into H.264/AAC MP4 renditions, from the command line.
struct TranscodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcode",
        abstract: "Transcode a video into MP4 renditions (H.264 + AAC), in parallel chunks or sequentially.",
        discussion: """
            The video is split at keyframes into chunks of about --chunk seconds; each chunk is decoded once, \
            scaled to every rendition and encoded with libx264 on its own worker (one per core by default); \
            the chunks are then joined into DIR/{rendition}.mp4 with the audio carried over once. The outputs \
            have exactly the source's frame count. Renditions taller than the source are skipped (never \
            upscaled). --sequential does the whole file on one thread instead, for comparison. The last line \
            printed has the timings.
            """
    )

    @Argument(help: "The video to transcode.")
    var file: String

    @Option(help: "Directory for the outputs ({rendition}.mp4).")
    var out: String

    @Option(help: "Comma-separated renditions, named by height (e.g. 240p,360p,720p,1080p).")
    var renditions: String = "360p,720p"

    @Option(help: "Target chunk length, e.g. 10s, 500ms, 1m (chunks start at keyframes, so they vary).")
    var chunk: String = "10s"

    @Flag(help: "Transcode the whole file on one thread, without chunks (the old way, for comparison).")
    var sequential = false

    @Option(help: "Chunks transcoded at once (default: one per core).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "x264 preset: ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, veryslow.")
    var preset: String = "veryfast"

    @Option(help: "x264 constant rate factor, 0-51 (lower is better quality and bigger files).")
    var crf: Double = 23

    @Flag(help: "Do not draw the progress bar.")
    var noProgress = false

    func validate() throws {
        guard Self.seconds(chunk) != nil else {
            throw ValidationError("--chunk must be a duration like 10s, 500ms or 1m; got '\(chunk)'.")
        }
        for name in renditions.split(separator: ",") where Rendition.named(String(name)) == nil {
            throw ValidationError("Unknown rendition '\(name)'; name renditions by an even height, e.g. 360p.")
        }
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1.") }
    }

    func run() async throws {
        let configuration = TranscodeConfiguration(
            mode: sequential ? .sequential : .chunked,
            renditions: renditions.split(separator: ",").compactMap { Rendition.named(String($0)) },
            chunkDuration: Self.seconds(chunk)!,
            workers: sequential ? 1 : workers,
            encoder: EncoderSettings(preset: preset, crf: crf)
        )
        let bar = ProgressBar(enabled: !noProgress && isatty(STDERR_FILENO) == 1)
        let report: TranscodeReport
        do {
            report = try await Transcoder(configuration: configuration).transcode(
                input: file,
                outputDirectory: out,
                progress: { bar.show($0) }
            )
        } catch let error as MediaError {
            bar.clear()
            printError("strangler transcode: \(error.message)")
            throw ExitCode.failure
        }
        bar.clear()
        for output in report.outputs {
            print(
                "  \(output.name): \(output.width)x\(output.height), \(output.frameCount) frames, "
                    + "\(Self.megabytes(output.bytes)) -> \(output.path)"
            )
        }
        print(Self.summary(report))
    }

    /// The final line: what was done and how long each phase took.
    static func summary(_ report: TranscodeReport) -> String {
        let video = report.source.video
        let how =
            report.mode == .sequential
            ? "sequential, 1 worker"
            : "chunked, \(report.chunkCount) chunks (\(report.chunksReused) reused), \(report.workers) workers"
        let speed = report.totalSeconds > 0 ? video.duration / report.totalSeconds : 0
        return String(
            format:
                "transcoded %.1f s, %d frames (%@): probe %.2f s, encode %.2f s, join %.2f s, total %.2f s (%.1fx realtime)",
            video.duration,
            video.frameCount,
            how,
            report.probeSeconds,
            report.encodeSeconds,
            report.joinSeconds,
            report.totalSeconds,
            speed
        )
    }

    /// Seconds in `text` (`10s`, `500ms`, `1m`, `10`), or nil.
    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value > 0 else { return nil }
            return value * scale
        }
        guard let value = Double(text), value > 0 else { return nil }
        return value
    }

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.2f MB", Double(bytes) / 1_000_000)
    }
}
