import Foundation
import NIOConcurrencyHelpers
import StranglerCore

/// Watches the new side's error rate per feature over a sliding window and says when a feature's guard
/// trips. Recording is a short lock per request; the decision is taken by ``GuardService`` off the hot path.
public final class GuardMonitor: Sendable {
    /// One-second buckets of outcomes per feature.
    private struct Window {
        var seconds: [Int: (requests: Int, errors: Int)] = [:]

        mutating func add(at second: Int, error: Bool) {
            var bucket = self.seconds[second] ?? (0, 0)
            bucket.requests += 1
            if error { bucket.errors += 1 }
            self.seconds[second] = bucket
        }

        mutating func totals(since oldest: Int) -> (requests: Int, errors: Int) {
            self.seconds = self.seconds.filter { $0.key >= oldest }
            return self.seconds.values.reduce((0, 0)) { ($0.0 + $1.requests, $0.1 + $1.errors) }
        }
    }

    private let windows = NIOLockedValueBox<[String: Window]>([:])
    private let clock: @Sendable () -> Int

    /// - Parameter clock: Whole seconds now (injectable for tests).
    public init(clock: @escaping @Sendable () -> Int = { Int(Date().timeIntervalSince1970) }) {
        self.clock = clock
    }

    /// Records one request answered (or failed) by a feature's new side.
    func record(feature: String, error: Bool) {
        let now = self.clock()
        self.windows.withLockedValue { $0[feature, default: Window()].add(at: now, error: error) }
    }

    /// The reason the guard of `feature` trips now, or `nil`.
    func tripReason(feature: String, settings: GuardSettings) -> String? {
        let windowSeconds = Int(settings.window.components.seconds)
        let oldest = self.clock() - max(windowSeconds, 1) + 1
        let totals = self.windows.withLockedValue { $0[feature, default: Window()].totals(since: oldest) }
        guard totals.requests >= settings.minRequests, totals.requests > 0 else { return nil }
        let percent = Double(totals.errors) * 100 / Double(totals.requests)
        guard percent > settings.maxErrorPct else { return nil }
        return String(
            format: "guard: new side error rate %.1f%% > %.1f%% over %ds (%d of %d requests)",
            percent,
            settings.maxErrorPct,
            windowSeconds,
            totals.errors,
            totals.requests
        )
    }

    /// Forgets a feature's window (after it was flipped back).
    func reset(feature: String) {
        _ = self.windows.withLockedValue { $0.removeValue(forKey: feature) }
    }
}
