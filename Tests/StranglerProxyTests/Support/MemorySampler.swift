import Foundation
import NIOConcurrencyHelpers

/// Samples a process's anonymous resident memory (`RssAnon`: heap, stacks, buffers) every few
/// milliseconds and keeps the peak.
///
/// Tests assert on this rather than on total RSS because a debug build maps over 50 MB of its own code
/// from the executable file; that is not memory the proxy spends on a transfer. The release benchmark
/// reports the whole-process peak (VmHWM).
final class MemorySampler: Sendable {
    private let pid: Int32
    private let peak = NIOLockedValueBox(0)
    private let running = NIOLockedValueBox(true)
    private let thread: BlockingThread?

    init(pid: Int32) {
        self.pid = pid
        let peak = self.peak
        let running = self.running
        self.thread = BlockingThread.detached {
            while running.withLockedValue({ $0 }) {
                let sample = Self.anonymousRSS(pid: pid)
                peak.withLockedValue { $0 = max($0, sample) }
                usleep(2_000)
            }
        }
    }

    /// Stops sampling and returns the peak anonymous RSS in bytes.
    func stop() async -> Int {
        self.running.withLockedValue { $0 = false }
        await self.thread?.value
        return self.peak.withLockedValue { max($0, Self.anonymousRSS(pid: self.pid)) }
    }

    static func anonymousRSS(pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix("RssAnon:") {
            return (line.split(separator: " ").compactMap { Int($0) }.first ?? 0) * 1024
        }
        return 0
    }
}
