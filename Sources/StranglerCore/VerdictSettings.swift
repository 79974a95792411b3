/// Thresholds for the shadow report's `READY` / `NOT READY` verdict (`verdict:`).
public struct VerdictSettings: Sendable, Equatable {
    /// Fewest compared samples before a verdict can be `READY`. Default 100.
    public var minSamples: Int
    /// Largest mismatch share, in percent, still `READY`. Default 1.0.
    public var maxMismatchPct: Double
    /// Largest new/legacy p99 latency ratio still `READY`. Default 1.5.
    public var maxP99Ratio: Double

    /// Creates thresholds; every parameter defaults to the documented default.
    public init(minSamples: Int = 100, maxMismatchPct: Double = 1.0, maxP99Ratio: Double = 1.5) {
        self.minSamples = minSamples
        self.maxMismatchPct = maxMismatchPct
        self.maxP99Ratio = maxP99Ratio
    }
}
