import Foundation
import Logging

/// Starts queued jobs: oldest first, one at a time per user (so a user's videos finish in upload
/// order), up to `concurrentJobs` users at once.
actor JobScheduler {
    private let store: TranscodeStore
    private let runner: JobRunner
    private let concurrentJobs: Int
    private let logger: Logger
    private var runningKeys: Set<String> = []
    private var runningJobs: Set<Int64> = []
    private let wakeups: AsyncStream<Void>
    private let wakeup: AsyncStream<Void>.Continuation

    init(store: TranscodeStore, runner: JobRunner, concurrentJobs: Int, logger: Logger) {
        self.store = store
        self.runner = runner
        self.concurrentJobs = max(1, concurrentJobs)
        self.logger = logger
        (wakeups, wakeup) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Tells the scheduler that a job was queued or finished.
    nonisolated func wake() { wakeup.yield() }

    /// Runs jobs until the task is cancelled; running jobs are then cancelled and left `running`, so the
    /// next start resumes them.
    func run() async {
        wake()
        await withDiscardingTaskGroup { group in
            for await _ in wakeups {
                let queued: [JobRecord]
                do {
                    queued = try await store.queuedJobs()
                } catch {
                    logger.error("cannot read the job queue: \(error)")
                    continue
                }
                for job in queued where runningJobs.count < concurrentJobs && !runningJobs.contains(job.id) {
                    let key = job.userID.map { "user:\($0)" } ?? "video:\(job.videoID)"
                    guard !runningKeys.contains(key) else { continue }
                    do {
                        try await store.start(jobID: job.id)
                    } catch {
                        logger.error("cannot start job \(job.id): \(error)")
                        continue
                    }
                    runningKeys.insert(key)
                    runningJobs.insert(job.id)
                    let runner = self.runner
                    group.addTask {
                        await runner.run(job)
                        await self.finished(job: job.id, key: key)
                    }
                }
            }
        }
    }

    private func finished(job: Int64, key: String) {
        runningJobs.remove(job)
        runningKeys.remove(key)
        wake()
    }
}
