import Foundation
import StranglerShadow

/// The migration at a glance (`GET /admin/overview`, `strangler status`, the dashboard): per feature its mode,
/// the share of traffic the new side served recently, shadow parity and latency, the verdict and the last flip;
/// and the traffic no feature claims, which still reaches legacy.
///
/// Encoded with snake_case keys; optional values are written as `null`, never left out.
public struct Overview: Codable, Sendable, Equatable {
    /// When the overview was made.
    public var generatedAt: Date
    /// Revision of the route table being served.
    public var revision: Int
    /// Seconds since the proxy started.
    public var uptimeS: Double
    /// Width of one traffic bucket, seconds (10).
    public var bucketS: Int
    /// The window `requests_recent` and `new_share_recent` cover, seconds (300).
    public var recentS: Int
    /// The window the series and the shadow figures cover, seconds (1800, or less since start).
    public var windowS: Int
    /// One entry per feature of the route table, in file order.
    public var features: [FeatureOverview]
    /// Requests no feature claims (answered by the fallback upstream): what remains to migrate.
    public var unclaimed: Unclaimed

    /// One feature.
    public struct FeatureOverview: Codable, Sendable, Equatable {
        /// The feature's name.
        public var name: String
        /// `legacy`, `shadow`, `canary` or `new`.
        public var mode: String
        /// The canary percent in the route table.
        public var percent: Int
        /// Share (0...1) of the feature's answered requests the new side answered over the recent window;
        /// `nil` without requests.
        public var newShareRecent: Double?
        /// Requests answered over the recent window (both sides; forced requests are left out).
        public var requestsRecent: Int
        /// 5xx answers over the recent window.
        public var errorsRecent: Int
        /// Requests per side in 10-second buckets, oldest first.
        public var series: [TrafficPoint]
        /// Shadow comparison figures over the window; `nil` when the proxy has no shadow store.
        public var shadow: ShadowOverview?
        /// The latest audited change of this feature's mode; `nil` when there is none.
        public var lastFlip: LastFlip?

        /// Creates a feature entry.
        public init(
            name: String,
            mode: String,
            percent: Int,
            newShareRecent: Double?,
            requestsRecent: Int,
            errorsRecent: Int,
            series: [TrafficPoint],
            shadow: ShadowOverview?,
            lastFlip: LastFlip?
        ) {
            self.name = name
            self.mode = mode
            self.percent = percent
            self.newShareRecent = newShareRecent
            self.requestsRecent = requestsRecent
            self.errorsRecent = errorsRecent
            self.series = series
            self.shadow = shadow
            self.lastFlip = lastFlip
        }

        enum CodingKeys: String, CodingKey {
            case name, mode, percent, newShareRecent, requestsRecent, errorsRecent, series, shadow, lastFlip
        }

        /// Encodes every key, `null` for absent values.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(self.name, forKey: .name)
            try c.encode(self.mode, forKey: .mode)
            try c.encode(self.percent, forKey: .percent)
            try c.encode(self.newShareRecent, forKey: .newShareRecent)
            try c.encode(self.requestsRecent, forKey: .requestsRecent)
            try c.encode(self.errorsRecent, forKey: .errorsRecent)
            try c.encode(self.series, forKey: .series)
            try c.encode(self.shadow, forKey: .shadow)
            try c.encode(self.lastFlip, forKey: .lastFlip)
        }
    }

    /// Shadow comparison figures of one feature (from ``ShadowReport``).
    public struct ShadowOverview: Codable, Sendable, Equatable {
        /// Comparisons stored in the window.
        public var samples: Int
        /// Agreeing answers in percent of those where both sides answered.
        public var matchPct: Double
        /// Mismatches plus new-side failures in percent of the judged samples (what the verdict checks).
        public var mismatchPct: Double
        /// Legacy's p99 latency, milliseconds.
        public var p99LegacyMs: Double
        /// The new side's p99 latency, milliseconds.
        public var p99NewMs: Double
        /// New/legacy p99 ratio; `nil` when a side has no latency.
        public var p99Ratio: Double?
        /// Whether the verdict is `READY`.
        public var verdictReady: Bool
        /// `READY` or `NOT READY: reasons`.
        public var verdictText: String
        /// Match rate per minute, oldest first (minutes without comparisons left out).
        public var matchSeries: [MatchRatePoint]
        /// Latency distribution of both sides over shared log-spaced buckets.
        public var latencyHistogram: LatencyHistogram

        enum CodingKeys: String, CodingKey {
            case samples, matchPct, mismatchPct, p99LegacyMs, p99NewMs, p99Ratio, verdictReady, verdictText
            case matchSeries, latencyHistogram
        }

        /// Encodes every key, `null` for absent values.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(self.samples, forKey: .samples)
            try c.encode(self.matchPct, forKey: .matchPct)
            try c.encode(self.mismatchPct, forKey: .mismatchPct)
            try c.encode(self.p99LegacyMs, forKey: .p99LegacyMs)
            try c.encode(self.p99NewMs, forKey: .p99NewMs)
            try c.encode(self.p99Ratio, forKey: .p99Ratio)
            try c.encode(self.verdictReady, forKey: .verdictReady)
            try c.encode(self.verdictText, forKey: .verdictText)
            try c.encode(self.matchSeries, forKey: .matchSeries)
            try c.encode(self.latencyHistogram, forKey: .latencyHistogram)
        }
    }

    /// Responses per latency bucket of each side; bucket `i` spans `buckets_ms[i]..<buckets_ms[i+1]`, so
    /// `buckets_ms` has one more element than `legacy` and `new` (and is empty without data).
    public struct LatencyHistogram: Codable, Sendable, Equatable {
        /// Bucket edges, milliseconds, ascending.
        public var bucketsMs: [Double]
        /// Legacy responses per bucket.
        public var legacy: [Int]
        /// New-side responses per bucket.
        public var new: [Int]
    }

    /// The latest audited change of a feature's mode.
    public struct LastFlip: Codable, Sendable, Equatable {
        /// The audit revision (`strangler revert --to`).
        public var revision: Int64
        /// When it was applied.
        public var at: Date
        /// Mode before, e.g. `shadow` or `canary 10%` (`absent` for a feature added then).
        public var from: String
        /// Mode after.
        public var to: String
        /// Who applied it.
        public var actor: String
        /// What applied it: `flip`, `file edit`, `guard`, `revert`, `start`, …
        public var trigger: String
        /// Why, when given.
        public var reason: String?

        enum CodingKeys: String, CodingKey {
            case revision, at, from, to, actor, trigger, reason
        }

        /// Encodes every key, `null` for absent values.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(self.revision, forKey: .revision)
            try c.encode(self.at, forKey: .at)
            try c.encode(self.from, forKey: .from)
            try c.encode(self.to, forKey: .to)
            try c.encode(self.actor, forKey: .actor)
            try c.encode(self.trigger, forKey: .trigger)
            try c.encode(self.reason, forKey: .reason)
        }
    }

    /// Requests no feature claims.
    public struct Unclaimed: Codable, Sendable, Equatable {
        /// Requests answered over the recent window.
        public var requestsRecent: Int
        /// Requests in 10-second buckets, oldest first (all in `legacy`: the fallback answers them).
        public var series: [TrafficPoint]
    }
}
