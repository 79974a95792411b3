import Foundation

/// Transcodes a video into H.264/AAC MP4 renditions, chunked in parallel or sequentially.
///
/// ```swift
/// let report = try await Transcoder(configuration: .init(renditions: [.p360, .p720]))
///     .transcode(input: "in.mp4", outputDirectory: "out")   // out/360p.mp4, out/720p.mp4
/// ```
///
/// All libav work runs on dedicated threads; the async API only awaits them, and cancelling the
/// awaiting task stops the workers at their next frame.
public struct Transcoder: Sendable {
    /// How to transcode.
    public let configuration: TranscodeConfiguration

    /// Creates a transcoder.
    public init(configuration: TranscodeConfiguration = TranscodeConfiguration()) {
        self.configuration = configuration
    }

    /// Transcodes `input` into `outputDirectory/{rendition}.mp4`.
    /// - Parameters:
    ///   - workDirectory: where chunk files are kept until the join (default: a hidden folder in
    ///     `outputDirectory`). Chunks finished by an interrupted run with the same input and settings
    ///     are reused. It is removed after success.
    ///   - progress: called from worker threads as the job advances.
    /// - Throws: ``MediaError``.
    public func transcode(
        input: String,
        outputDirectory: String,
        workDirectory: String? = nil,
        progress: @escaping @Sendable (TranscodeProgress) -> Void = { _ in }
    ) async throws -> TranscodeReport {
        let cancel = CancelFlag()
        return try await withTaskCancellationHandler {
            try await BlockingThread.run(name: "transcode") {
                try transcodeBlocking(
                    input: input,
                    outputDirectory: outputDirectory,
                    workDirectory: workDirectory,
                    cancel: cancel,
                    progress: progress
                )
            }
        } onCancel: {
            cancel.cancel()
        }
    }

    /// Like ``transcode(input:outputDirectory:workDirectory:progress:)`` but on the calling thread,
    /// which must be allowed to block for the whole job.
    public func transcodeBlocking(
        input: String,
        outputDirectory: String,
        workDirectory: String? = nil,
        cancel: CancelFlag = CancelFlag(),
        progress: @escaping @Sendable (TranscodeProgress) -> Void = { _ in }
    ) throws -> TranscodeReport {
        try validate()
        let started = Date()
        let probe = try Probe.scan(input)
        let probed = Date()
        let video = probe.info.video
        let sizes = Rendition.sizes(
            for: configuration.renditions,
            sourceWidth: video.displayWidth,
            sourceHeight: video.height
        )
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw MediaError(.io, "Cannot create the output folder \(outputDirectory): \(error.localizedDescription)")
        }
        // Temporary outputs of a run that was killed mid-write.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: outputDirectory)) ?? []
        where name.hasPrefix(".") && name.hasSuffix(".part") {
            try? FileManager.default.removeItem(atPath: "\(outputDirectory)/\(name)")
        }
        let context = RunContext(
            input: input,
            probe: probe,
            sizes: sizes,
            outputDirectory: outputDirectory,
            configuration: configuration,
            cancel: cancel
        )
        let result: RunResult
        switch configuration.mode {
        case .sequential:
            result = try SequentialRun(context: context).run(progress: progress)
        case .chunked:
            let directory = workDirectory ?? "\(outputDirectory)/.chunks-\((input as NSString).lastPathComponent)"
            result = try ChunkedRun(context: context, workDirectory: directory).run(progress: progress)
        }
        let outputs = try sizes.map { size in
            let path = context.outputPath(size)
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            guard let bytes = (attributes?[.size] as? NSNumber)?.int64Value else {
                throw MediaError(.io, "The output \(path) is missing after the transcode.")
            }
            return RenditionOutput(
                name: size.name,
                width: size.width,
                height: size.height,
                bytes: bytes,
                path: path,
                frameCount: result.frames[size.name] ?? 0
            )
        }
        let finished = Date()
        return TranscodeReport(
            source: probe.info,
            outputs: outputs,
            mode: configuration.mode,
            chunkCount: result.chunkCount,
            chunksReused: result.chunksReused,
            workers: result.workers,
            filledFrames: result.filledFrames,
            probeSeconds: probed.timeIntervalSince(started),
            encodeSeconds: result.encodeSeconds,
            joinSeconds: result.joinSeconds,
            totalSeconds: finished.timeIntervalSince(started)
        )
    }

    private func validate() throws {
        guard !configuration.renditions.isEmpty else {
            throw MediaError(.invalidArgument, "Ask for at least one rendition, e.g. 360p.")
        }
        guard configuration.chunkDuration > 0, configuration.chunkDuration.isFinite else {
            throw MediaError(.invalidArgument, "The chunk duration must be a positive number of seconds.")
        }
        guard configuration.workers >= 1 else {
            throw MediaError(.invalidArgument, "Use at least one worker.")
        }
        guard EncoderSettings.presets.contains(configuration.encoder.preset) else {
            let known = EncoderSettings.presets.joined(separator: ", ")
            throw MediaError(
                .invalidArgument,
                "Unknown x264 preset '\(configuration.encoder.preset)'; use one of \(known)."
            )
        }
        guard (0...51).contains(configuration.encoder.crf) else {
            throw MediaError(.invalidArgument, "CRF must be between 0 and 51.")
        }
    }
}

/// What a run needs, shared by the sequential and chunked runs.
struct RunContext: Sendable {
    let input: String
    let probe: Probe.Result
    let sizes: [RenditionSize]
    let outputDirectory: String
    let configuration: TranscodeConfiguration
    let cancel: CancelFlag

    func outputPath(_ size: RenditionSize) -> String { "\(outputDirectory)/\(size.name).mp4" }

    /// A fresh audio source for one output, or nil when the source has no audio.
    func openAudio() throws -> (any AudioSource)? {
        guard let audio = probe.info.audio else { return nil }
        return try AudioSources.open(path: input, streamIndex: audio.index, videoStart: probe.info.video.startTime)
    }

    func work(_ chunk: Chunk) -> ChunkTranscoder.Work {
        ChunkTranscoder.Work(
            path: input,
            index: probe.index,
            chunk: chunk,
            sizes: sizes,
            settings: configuration.encoder,
            frameRate: probe.info.video.frameRate
        )
    }
}

/// What a run reports back.
struct RunResult {
    var frames: [String: Int] = [:]
    var chunkCount = 1
    var chunksReused = 0
    var workers = 1
    var filledFrames = 0
    var encodeSeconds = 0.0
    var joinSeconds = 0.0
}

/// The whole file in one pass on the calling thread, writing the MP4s directly.
struct SequentialRun {
    let context: RunContext

    func run(progress: @escaping @Sendable (TranscodeProgress) -> Void) throws -> RunResult {
        let index = context.probe.index
        let tracker = ProgressTracker(totalFrames: index.frameCount, chunkCount: 1, report: progress)
        let started = Date()
        let chunk = Chunk(number: 0, frames: 0..<index.frameCount, startPacket: 0, endPacket: nil)
        let outcome = try ChunkTranscoder(context.work(chunk)).run(
            makeSink: { stream in
                try MP4Writer(path: context.outputPath(stream.size), video: stream, audio: try context.openAudio())
            },
            progress: tracker.framesEncoded,
            cancel: context.cancel
        )
        tracker.chunkDone(frames: index.frameCount, reused: false)
        tracker.enter(.done)
        var result = RunResult()
        result.filledFrames = outcome.filled
        result.encodeSeconds = Date().timeIntervalSince(started)
        for size in context.sizes { result.frames[size.name] = index.frameCount }
        return result
    }
}
