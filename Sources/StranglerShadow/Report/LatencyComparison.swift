import Foundation
import Histogram

/// Latency percentiles of both sides from HdrHistograms (3 significant digits, so well within 1%), with the
/// new/legacy ratios and a shared set of log-spaced buckets for distribution charts.
public struct LatencyComparison: Codable, Sendable, Equatable {
    /// One side's percentiles, in milliseconds.
    public struct Summary: Codable, Sendable, Equatable {
        /// Responses measured.
        public var count: Int
        /// Median.
        public var p50: Double
        /// 90th percentile.
        public var p90: Double
        /// 99th percentile.
        public var p99: Double
        /// 99.9th percentile.
        public var p999: Double
        /// Slowest.
        public var max: Double
    }

    /// New/legacy ratios of each percentile; `nil` where a side has no data.
    public struct Ratios: Codable, Sendable, Equatable {
        /// p50 ratio.
        public var p50: Double?
        /// p90 ratio.
        public var p90: Double?
        /// p99 ratio.
        public var p99: Double?
        /// p999 ratio.
        public var p999: Double?
    }

    /// Responses of each side with latency in `lowerMs..<upperMs`.
    public struct Bucket: Codable, Sendable, Equatable {
        /// Lower bound, milliseconds.
        public var lowerMs: Double
        /// Upper bound, milliseconds.
        public var upperMs: Double
        /// Legacy responses in the bucket.
        public var legacy: Int
        /// New-side responses in the bucket.
        public var new: Int
    }

    /// Legacy's latency.
    public var legacy: Summary
    /// The new side's latency.
    public var new: Summary
    /// New/legacy ratios.
    public var ratios: Ratios
    /// Distribution of both sides over the same buckets.
    public var buckets: [Bucket]

    /// Summarises two histograms of microseconds.
    init(legacy: Histogram<UInt64>, new: Histogram<UInt64>, bucketCount: Int = 40) {
        let a = Self.summary(legacy)
        let b = Self.summary(new)
        func ratio(_ new: Double, _ legacy: Double) -> Double? { legacy > 0 && b.count > 0 ? new / legacy : nil }
        self.legacy = a
        self.new = b
        ratios = Ratios(
            p50: ratio(b.p50, a.p50),
            p90: ratio(b.p90, a.p90),
            p99: ratio(b.p99, a.p99),
            p999: ratio(b.p999, a.p999)
        )
        buckets = Self.buckets(legacy, new, count: bucketCount)
    }

    /// A fresh histogram of microseconds, 1 µs to 1 hour.
    static func histogram() -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>(
            lowestDiscernibleValue: 1,
            highestTrackableValue: 3_600_000_000,
            numberOfSignificantValueDigits: .three
        )
        histogram.autoResize = true
        return histogram
    }

    static func summary(_ histogram: Histogram<UInt64>) -> Summary {
        guard histogram.totalCount > 0 else { return Summary(count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0) }
        func ms(_ percentile: Double) -> Double { Double(histogram.valueAtPercentile(percentile)) / 1000 }
        return Summary(
            count: Int(histogram.totalCount),
            p50: ms(50),
            p90: ms(90),
            p99: ms(99),
            p999: ms(99.9),
            max: Double(histogram.max) / 1000
        )
    }

    /// `count` log-spaced buckets from the fastest to the slowest response of either side.
    static func buckets(_ legacy: Histogram<UInt64>, _ new: Histogram<UInt64>, count: Int) -> [Bucket] {
        let sides = [legacy, new].filter { $0.totalCount > 0 }
        guard !sides.isEmpty, count > 0 else { return [] }
        let low = Double(max(1, sides.map(\.min).min()!))
        let high = Double(max(sides.map(\.max).max()!, UInt64(low) + 1)) * 1.0001
        let logStep = log(high / low) / Double(count)
        var result = (0..<count).map { index in
            Bucket(
                lowerMs: (low * exp(logStep * Double(index))).rounded() / 1000,
                upperMs: (low * exp(logStep * Double(index + 1))).rounded() / 1000,
                legacy: 0,
                new: 0
            )
        }
        func bin(_ value: UInt64) -> Int {
            min(count - 1, max(0, Int(log(Double(max(value, 1)) / low) / logStep)))
        }
        for value in legacy.recordedValues() { result[bin(value.value)].legacy += Int(value.count) }
        for value in new.recordedValues() { result[bin(value.value)].new += Int(value.count) }
        return result
    }
}
