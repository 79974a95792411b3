import Foundation
import Logging
import MediaKit

/// The one background worker that runs transcode jobs, oldest first, one at a time.
///
/// Each job is a real transcode with MediaKit's sequential whole-file mode (one thread, no chunks): the
/// monolith's "old way". An original that is not a video (the seeded demo files) fails the job. Jobs
/// live in SQLite, so a restart resumes the queue.
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
            // A shadow job's output goes to scratch space and is deleted once measured: it stays dark.
            let directory =
                job.shadow
                ? (configuration.temporaryDirectory as NSString).appendingPathComponent("shadow-job-\(job.id)")
                : (original as NSString).deletingLastPathComponent
            defer { if job.shadow { try? FileManager.default.removeItem(atPath: directory) } }
            // The old way: the whole file on one thread, no chunks (MediaKit's sequential mode).
            let transcoder = Transcoder(
                configuration: TranscodeConfiguration(
                    mode: .sequential,
                    renditions: job.renditions.compactMap { Rendition.named($0.name) },
                    workers: 1
                )
            )
            let report = try await transcoder.transcode(input: original, outputDirectory: directory)
            for (index, output) in report.outputs.enumerated() {
                try await store.recordRendition(
                    job: job,
                    spec: RenditionSpec(name: output.name, width: output.width, height: output.height),
                    bytes: output.bytes,
                    progress: Double(index + 1) / Double(report.outputs.count)
                )
            }
            try await store.completeTranscodeJob(job)
        } catch {
            logger.error("transcode job \(job.id) failed: \(error)")
            try? await store.updateTranscodeJob(id: job.id, status: "failed")
        }
    }
}
