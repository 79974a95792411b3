import Foundation
import Logging
import _NIOFileSystem

/// The one background worker that runs transcode jobs, oldest first, one at a time.
///
/// PLACEHOLDER: "transcoding" copies the original upload as each rendition file; a later change
/// replaces this with real libav work. Jobs live in SQLite, so a restart resumes the queue.
struct TranscodeWorker: Sendable {
    private let store: LegacyStore
    private let configuration: StubConfiguration
    private let logger: Logger
    private let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation

    init(store: LegacyStore, configuration: StubConfiguration, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        (self.signals, self.signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Tells the worker that a job was queued.
    func wake() {
        signal.yield()
    }

    /// Processes jobs until the task is cancelled.
    func run() async {
        do {
            try await store.requeueInterruptedTranscodeJobs()
        } catch {
            logger.error("could not requeue interrupted transcode jobs: \(error)")
        }
        wake()
        for await _ in signals {
            while !Task.isCancelled {
                let next: PendingTranscodeJob?
                do {
                    next = try await store.nextQueuedTranscodeJob()
                } catch {
                    logger.error("could not read the transcode queue: \(error)")
                    break
                }
                guard let job = next else { break }
                await process(job)
            }
        }
    }

    private func process(_ job: PendingTranscodeJob) async {
        do {
            try await store.updateTranscodeJob(id: job.id, status: "running", progress: 0)
            let original = configuration.mediaPath(videoID: job.videoID, rendition: "original")
            for (index, spec) in job.renditions.enumerated() {
                let bytes = try await produce(spec, from: original, videoID: job.videoID, jobID: job.id)
                let progress = Double(index + 1) / Double(job.renditions.count)
                try await store.recordRendition(
                    jobID: job.id,
                    videoID: job.videoID,
                    spec: spec,
                    bytes: bytes,
                    progress: progress
                )
            }
            try await store.completeTranscodeJob(id: job.id, videoID: job.videoID)
        } catch {
            logger.error("transcode job \(job.id) failed: \(error)")
            try? await store.updateTranscodeJob(id: job.id, status: "failed")
        }
    }

    /// Writes one rendition file (a copy of `original`) through a temp file and a rename; returns its size.
    private func produce(_ spec: RenditionSpec, from original: String, videoID: Int64, jobID: Int64) async throws
        -> Int64
    {
        let fileSystem = FileSystem.shared
        let temporary = "\(configuration.temporaryDirectory)/transcode-\(jobID)-\(spec.name).part"
        let destination = configuration.mediaPath(videoID: videoID, rendition: spec.name)
        try await fileSystem.createDirectory(
            at: FilePath(configuration.temporaryDirectory),
            withIntermediateDirectories: true
        )
        try await fileSystem.removeItem(at: FilePath(temporary))
        try await fileSystem.copyItem(at: FilePath(original), to: FilePath(temporary))
        try await fileSystem.replaceItem(at: FilePath(destination), withItemAt: FilePath(temporary))
        guard let info = try await fileSystem.info(forFileAt: FilePath(destination)) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return info.size
    }
}
