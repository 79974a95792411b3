import Synchronization

/// Adds up progress from worker threads and reports it, at most once per percent or phase change.
final class ProgressTracker: Sendable {
    private struct State {
        var progress: TranscodeProgress
        var reportedPercent = -1
    }

    /// Share of the job that encoding accounts for; joining takes the rest.
    static let encodingShare = 0.97

    private let state: Mutex<State>
    private let report: @Sendable (TranscodeProgress) -> Void

    init(totalFrames: Int, chunkCount: Int, report: @escaping @Sendable (TranscodeProgress) -> Void) {
        let initial = TranscodeProgress(
            phase: .encoding,
            fraction: 0,
            framesEncoded: 0,
            totalFrames: totalFrames,
            chunksDone: 0,
            chunkCount: chunkCount
        )
        state = Mutex(State(progress: initial))
        self.report = report
    }

    /// Counts `frames` more source frames encoded.
    func framesEncoded(_ frames: Int) {
        update { $0.framesEncoded += frames }
    }

    /// Counts a finished chunk holding `frames` frames; `reused` when it came from an earlier run.
    func chunkDone(frames: Int, reused: Bool) {
        update { progress in
            progress.chunksDone += 1
            if reused { progress.framesEncoded += frames }
        }
    }

    /// Moves to `phase`.
    func enter(_ phase: TranscodeProgress.Phase) {
        update { $0.phase = phase }
    }

    /// Reports under the lock, so workers' reports arrive in order (at most once per percent, so cheap).
    private func update(_ change: (inout TranscodeProgress) -> Void) {
        state.withLock { state in
            let phase = state.progress.phase
            change(&state.progress)
            var progress = state.progress
            let encoded = Double(progress.framesEncoded) / Double(max(1, progress.totalFrames))
            progress.fraction =
                switch progress.phase {
                case .probing: 0
                case .encoding: min(1, encoded) * Self.encodingShare
                case .joining: Self.encodingShare
                case .done: 1
                }
            state.progress = progress
            let percent = Int(progress.fraction * 100)
            guard percent != state.reportedPercent || phase != progress.phase else { return }
            state.reportedPercent = percent
            report(progress)
        }
    }
}
