/// A slice of the monolith being moved: the routes it owns, its two upstreams, and how traffic is split.
public struct Feature: Sendable, Equatable {
    /// Unique name, used in commands, metrics and sticky hashing.
    public var name: String
    /// The requests the feature owns, in file order.
    public var routes: [Route]
    /// Name of the upstream that answers today (usually the monolith).
    public var legacy: String
    /// Name of the upstream taking the feature over.
    public var new: String
    /// Who answers and who is mirrored to.
    public var mode: Mode
    /// In `canary` mode, the share of sticky keys (0...100) answered by the new side. Default 0.
    public var percent: Int
    /// Where the user key for canary bucketing comes from; `nil` means a random bucket per request.
    public var sticky: StickyKey?
    /// Shadow mirroring and comparison; `ShadowSettings.disabled` (sample 0) when the section is absent.
    public var shadow: ShadowSettings
    /// Share (0...1) of mirrored requests also sent twice to legacy to learn noisy fields. Default 0.
    public var noiseSample: Double
    /// Thresholds for the shadow report's verdict.
    public var verdict: VerdictSettings
    /// Automatic rollback to legacy, when configured.
    public var guardSettings: GuardSettings?

    /// Where the feature's mapping starts in the file. Not part of equality.
    public var mark: SourceMark?
    /// Where the `mode` value is in the file, for in-place edits. Not part of equality.
    public var modeMark: SourceMark?
    /// Where the `percent` value is in the file (`nil` when absent), for in-place edits. Not part of equality.
    public var percentMark: SourceMark?

    /// Creates a feature; optional settings default as in an empty route file section.
    public init(
        name: String,
        routes: [Route],
        legacy: String,
        new: String,
        mode: Mode = .legacy,
        percent: Int = 0,
        sticky: StickyKey? = nil,
        shadow: ShadowSettings = .disabled,
        noiseSample: Double = 0,
        verdict: VerdictSettings = VerdictSettings(),
        guardSettings: GuardSettings? = nil
    ) {
        self.name = name
        self.routes = routes
        self.legacy = legacy
        self.new = new
        self.mode = mode
        self.percent = percent
        self.sticky = sticky
        self.shadow = shadow
        self.noiseSample = noiseSample
        self.verdict = verdict
        self.guardSettings = guardSettings
    }

    /// Which side answers a request whose sticky bucket is `bucket` (`0..<10000`; for requests without a key
    /// the caller supplies a random bucket). `legacy` and `shadow` answer from legacy, `new` from new, and
    /// `canary` from new exactly when `bucket < percent * 100`, so raising the percent never moves a key back.
    public func primarySide(bucket: Int) -> Side {
        switch mode {
        case .legacy, .shadow: .legacy
        case .new: .new
        case .canary: bucket < percent * 100 ? .new : .legacy
        }
    }

    /// The side a request answered by `primary` is mirrored to, or `nil` when this mode mirrors nothing.
    /// Sampling (`shadow.sample`) and `shadow.writes` still apply.
    public func mirrorSide(primary: Side) -> Side? {
        guard shadow.isEnabled, mode != .legacy else { return nil }
        return primary.opposite
    }

    /// The upstream name of `side`.
    public func upstreamName(for side: Side) -> String {
        side == .legacy ? legacy : new
    }

    /// Equality of everything but the source marks.
    public static func == (lhs: Feature, rhs: Feature) -> Bool {
        lhs.name == rhs.name && lhs.routes == rhs.routes && lhs.legacy == rhs.legacy && lhs.new == rhs.new
            && lhs.mode == rhs.mode && lhs.percent == rhs.percent && lhs.sticky == rhs.sticky
            && lhs.shadow == rhs.shadow && lhs.noiseSample == rhs.noiseSample && lhs.verdict == rhs.verdict
            && lhs.guardSettings == rhs.guardSettings
    }
}
