import Foundation
import Synchronization

/// Chunks transcoded by a pool of worker threads, then joined per rendition.
///
/// Chunk files live in a work directory next to a `plan` file that fingerprints the input and the
/// settings; a later run with the same fingerprint skips the chunks already there (resume after a crash).
/// Audio that must be converted to AAC is converted once, by the first worker free, alongside the video
/// chunks (see ``ConvertedAudio``).
struct ChunkedRun {
    let context: RunContext
    let workDirectory: String

    /// One unit of work for the pool.
    private enum Job {
        /// Converts the audio for every rendition's join.
        case audio(ConvertedAudio)
        /// Encodes a chunk's video to every rendition.
        case video(Chunk)
    }

    func run(progress: @escaping @Sendable (TranscodeProgress) -> Void) throws -> RunResult {
        let index = context.probe.index
        let chunks = ChunkPlanner.plan(
            index,
            chunkDuration: context.configuration.chunkDuration,
            workers: context.configuration.workers
        )
        let tracker = ProgressTracker(totalFrames: index.frameCount, chunkCount: chunks.count, report: progress)
        try prepareWorkDirectory(chunks: chunks)
        var result = RunResult()
        result.chunkCount = chunks.count
        let started = Date()
        let audio = try ConvertedAudio.prepare(context: context, path: "\(workDirectory)/audio.bin")
        // The audio goes first, so that it never lands in the tail, where the chunks are short.
        var jobs: [Job] = audio.flatMap { $0.isConverted ? nil : [.audio($0)] } ?? []
        for chunk in chunks {
            if isComplete(chunk) {
                result.chunksReused += 1
                tracker.chunkDone(frames: chunk.frames.count, reused: true)
            } else {
                jobs.append(.video(chunk))
            }
        }
        result.workers = max(1, min(context.configuration.workers, jobs.count))
        result.filledFrames = try perform(jobs, workers: result.workers, tracker: tracker)
        result.encodeSeconds = Date().timeIntervalSince(started)

        tracker.enter(.joining)
        let joinStarted = Date()
        let sizes = context.sizes
        let frames = try Self.parallel(count: sizes.count, workers: context.configuration.workers, name: "join") { i in
            try Joiner.join(
                chunkPaths: chunks.map { chunkPath($0, sizes[i]) },
                rendition: sizes[i].name,
                output: context.outputPath(sizes[i]),
                audio: try audio?.open() ?? context.openAudio(),
                cancel: context.cancel
            )
        }
        for (size, count) in zip(sizes, frames) { result.frames[size.name] = count }
        result.joinSeconds = Date().timeIntervalSince(joinStarted)
        try? FileManager.default.removeItem(atPath: workDirectory)
        tracker.enter(.done)
        return result
    }

    /// Runs `jobs` in order on `workers` threads; returns the number of video frames filled in.
    private func perform(_ jobs: [Job], workers: Int, tracker: ProgressTracker) throws -> Int {
        guard !jobs.isEmpty else { return 0 }
        let stop = CancelFlag(parent: context.cancel)
        let nextJob = Atomic<Int>(0)
        let filled = Atomic<Int>(0)
        let work = { @Sendable (_: Int) throws -> Void in
            while !stop.isCancelled {
                let position = nextJob.add(1, ordering: .relaxed).oldValue
                guard position < jobs.count else { return }
                do {
                    switch jobs[position] {
                    case .audio(let audio):
                        try audio.convert(cancel: stop)
                    case .video(let chunk):
                        let outcome = try ChunkTranscoder(context.work(chunk)).run(
                            makeSink: { stream in
                                try ChunkFile.Writer(path: chunkPath(chunk, stream.size), stream: stream)
                            },
                            progress: tracker.framesEncoded,
                            cancel: stop
                        )
                        filled.add(outcome.filled, ordering: .relaxed)
                        tracker.chunkDone(frames: chunk.frames.count, reused: false)
                    }
                } catch {
                    stop.cancel()
                    throw error
                }
            }
        }
        _ = try Self.parallel(count: workers, workers: workers, name: "chunk-worker", work)
        try context.cancel.check()
        return filled.load(ordering: .relaxed)
    }

    /// Runs `body(0..<count)` on up to `workers` new threads; returns the results in order, or throws
    /// the first error (by index).
    static func parallel<T: Sendable>(
        count: Int,
        workers: Int,
        name: String,
        _ body: @escaping @Sendable (Int) throws -> T
    ) throws -> [T] {
        let results = Mutex<[Int: Result<T, any Error>]>([:])
        let next = Atomic<Int>(0)
        let group = DispatchGroup()
        for worker in 0..<max(1, min(workers, count)) {
            group.enter()
            BlockingThread.start(name: "\(name)-\(worker)") {
                while true {
                    let item = next.add(1, ordering: .relaxed).oldValue
                    guard item < count else { break }
                    let outcome = Result { try body(item) }
                    results.withLock { $0[item] = outcome }
                }
                group.leave()
            }
        }
        group.wait()
        return try results.withLock { results in try (0..<count).map { try results[$0]!.get() } }
    }

    private func chunkPath(_ chunk: Chunk, _ size: RenditionSize) -> String {
        String(format: "%@/chunk-%05d-%@.bin", workDirectory, chunk.number, size.name)
    }

    private func isComplete(_ chunk: Chunk) -> Bool {
        context.sizes.allSatisfy { FileManager.default.fileExists(atPath: chunkPath(chunk, $0)) }
    }

    /// Creates the work directory, emptying it when it holds chunks of another input or other settings.
    private func prepareWorkDirectory(chunks: [Chunk]) throws {
        let manager = FileManager.default
        let attributes = try? manager.attributesOfItem(atPath: context.input)
        let settings = context.configuration.encoder
        let fingerprint = [
            "strangler-chunks 1",
            "input \(context.input) \((attributes?[.size] as? NSNumber)?.int64Value ?? -1)",
            "modified \((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)",
            "frames \(context.probe.index.frameCount) chunks \(chunks.map(\.frames.lowerBound))",
            "sizes \(context.sizes.map { "\($0.name)=\($0.width)x\($0.height)" })",
            "x264 \(settings.preset) crf \(settings.crf)",
        ].joined(separator: "\n")
        let planPath = "\(workDirectory)/plan"
        if let existing = try? String(contentsOfFile: planPath, encoding: .utf8), existing == fingerprint { return }
        do {
            try? manager.removeItem(atPath: workDirectory)
            try manager.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
            try fingerprint.write(toFile: planPath, atomically: true, encoding: .utf8)
        } catch {
            throw MediaError(.io, "Cannot prepare the work folder \(workDirectory): \(error.localizedDescription)")
        }
    }
}
