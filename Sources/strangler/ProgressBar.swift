import Foundation
import MediaKit
import Synchronization

/// A one-line progress bar on standard error, redrawn in place.
final class ProgressBar: Sendable {
    private let enabled: Bool
    private let drawn = Mutex(false)

    init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Redraws the bar for `progress`.
    func show(_ progress: TranscodeProgress) {
        guard enabled else { return }
        let width = 30
        let filled = Int(progress.fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = String(
            format: "\r[%@] %3d%%  %@  chunks %d/%d  frames %d/%d ",
            bar,
            Int(progress.fraction * 100),
            progress.phase.rawValue,
            progress.chunksDone,
            progress.chunkCount,
            min(progress.framesEncoded, progress.totalFrames),
            progress.totalFrames
        )
        drawn.withLock { drawn in
            FileHandle.standardError.write(Data(line.utf8))
            drawn = true
        }
    }

    /// Erases the bar, if one was drawn.
    func clear() {
        drawn.withLock { drawn in
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            drawn = false
        }
    }
}
