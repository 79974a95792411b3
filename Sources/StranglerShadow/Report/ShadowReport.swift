import Foundation

/// The shadow report of one feature: how often the new side agreed with legacy, where it did not, how fast
/// each side was, and whether the feature is ready to flip (`strangler shadow report`, `--json`, `--html`).
public struct ShadowReport: Codable, Sendable, Equatable {
    /// The feature.
    public var feature: String
    /// Start of the window; `nil` for everything stored.
    public var since: Date?
    /// When the report was made.
    public var generatedAt: Date
    /// Comparisons stored in the window.
    public var samples: Int
    /// Samples where legacy answered: the ones that can judge the new side.
    public var judged: Int
    /// Both sides answered and agreed (differences on learned noise paths aside).
    public var matched: Int
    /// Of `matched`, those that differed only on noise paths.
    public var noiseOnly: Int
    /// Both sides answered and differed outside the noise paths.
    public var mismatched: Int
    /// `matched` in percent of the samples where both sides answered.
    public var matchPct: Double
    /// Mismatches plus new-side failures, in percent of `judged`: what the verdict checks.
    public var mismatchPct: Double
    /// Errors, timeouts and 5xx answers of legacy.
    public var legacy: SideHealth
    /// Errors, timeouts and 5xx answers of the new side.
    public var new: SideHealth
    /// Real differences grouped by normalised path and kind, most frequent first.
    public var mismatches: [PathGroup]
    /// Learned noise paths, with how often they were seen between two legacy answers and how many
    /// comparisons in the window differed there.
    public var noise: [NoisePath]
    /// Noise samples (double legacy requests) compared in the window.
    public var noiseSamples: Int
    /// Reads that differed at first and matched when asked again (`compare.settle`); counted as matches.
    public var settled: Int
    /// Requests not compared, by `SkipReason`, in the window.
    public var skipped: [String: Int]
    /// Comparisons whose bodies were cut at the capture bound (compared by their captured prefix).
    public var truncatedBodies: Int
    /// Latency of both sides.
    public var latency: LatencyComparison
    /// `READY` or `NOT READY` with reasons.
    public var verdict: Verdict

    /// Failures of one side.
    public struct SideHealth: Codable, Sendable, Equatable {
        /// No response other than a timeout (connection refused or reset).
        public var errors: Int
        /// No complete response within the shadow timeout.
        public var timeouts: Int
        /// Answers with a 5xx status.
        public var serverErrors: Int
    }

    /// Comparisons that differed at one normalised path in one way.
    public struct PathGroup: Codable, Sendable, Equatable {
        /// Normalised path (`$.items[*].title`), or `status`, `header:NAME`, `body`.
        public var path: String
        /// `changed`, `missing`, `extra` or `type`.
        public var kind: String
        /// Comparisons with this difference.
        public var count: Int
        /// A request that showed it (the latest).
        public var exampleRequestID: String
        /// The concrete path in that request (`$.items[3].title`).
        public var examplePath: String
        /// Legacy's value there, shortened.
        public var legacyValue: String?
        /// The new side's value there, shortened.
        public var newValue: String?
    }

    /// A learned noise path.
    public struct NoisePath: Codable, Sendable, Equatable {
        /// Normalised path.
        public var path: String
        /// Noise samples in which legacy disagreed with itself here (all time).
        public var observations: Int
        /// Comparisons in the window that differed here (reported as noise, not mismatch).
        public var suppressed: Int
    }

    /// The readiness verdict.
    public struct Verdict: Codable, Sendable, Equatable {
        /// Whether every threshold is met.
        public var ready: Bool
        /// Why not, one sentence each, e.g. `mismatch 3.2% > 1.0%`.
        public var reasons: [String]

        /// `READY` or `NOT READY: reason; reason`.
        public var text: String {
            ready ? "READY" : "NOT READY: " + reasons.joined(separator: "; ")
        }
    }
}
