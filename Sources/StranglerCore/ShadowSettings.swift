/// How a feature mirrors requests to the side that does not answer, from its optional `shadow:` section.
///
/// When the section is absent, `sample` is 0: nothing is mirrored (write a `shadow:` section, even an empty
/// `shadow: {}`, to opt in; inside a section `sample` defaults to 1.0).
public struct ShadowSettings: Sendable, Equatable {
    /// What happens to requests that are not GET, HEAD or OPTIONS.
    public enum Writes: String, Sendable, CaseIterable {
        /// Mirror them too (the shadow side gets `X-Strangler-Shadow: 1` and must keep side effects dark).
        case mirror
        /// Do not mirror them; they are counted as skipped.
        case skip
    }

    /// Share of requests mirrored, 0...1.
    public var sample: Double
    /// Time the shadow side has to answer completely.
    public var timeout: Duration
    /// Requests with larger bodies are not mirrored (counted as skipped).
    public var maxBody: Int
    /// Whether non-idempotent requests are mirrored.
    public var writes: Writes
    /// How the two responses are compared.
    public var compare: CompareSettings
    /// Share of mirrored requests also written to `<state>/captures/FEATURE.jsonl` for
    /// `strangler shadow replay` (0 = none).
    public var capture: Double

    /// Creates settings; the defaults are those of a present but empty `shadow:` section.
    public init(
        sample: Double = 1.0,
        timeout: Duration = .seconds(5),
        maxBody: Int = 64 << 20,
        writes: Writes = .skip,
        compare: CompareSettings = CompareSettings(),
        capture: Double = 0
    ) {
        self.capture = capture
        self.sample = sample
        self.timeout = timeout
        self.maxBody = maxBody
        self.writes = writes
        self.compare = compare
    }

    /// The settings of a feature without a `shadow:` section: nothing is mirrored.
    public static let disabled = ShadowSettings(sample: 0)

    /// Whether any request is mirrored at all.
    public var isEnabled: Bool { sample > 0 }
}
