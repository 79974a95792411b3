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
    /// Ids each side assigns on its own (`shadow.ids`): learned in pairs from mirrored writes, and used to
    /// translate the id in a mirrored request's path to the shadow side's own id.
    public var ids: [ShadowIDRule]

    /// Creates settings; the defaults are those of a present but empty `shadow:` section.
    public init(
        sample: Double = 1.0,
        timeout: Duration = .seconds(5),
        maxBody: Int = 64 << 20,
        writes: Writes = .skip,
        compare: CompareSettings = CompareSettings(),
        capture: Double = 0,
        ids: [ShadowIDRule] = []
    ) {
        self.capture = capture
        self.ids = ids
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

/// One entry of `shadow.ids`: an id that legacy and the new service each assign themselves, such as a job id.
///
/// With `field`, when a mirrored write succeeds on both sides the value at `field` in each answer is learned as
/// a pair (legacy's id, the new side's id), and a later mirrored request whose path matches `path` has the id
/// in its `{name}` segment replaced by the shadow side's own id.
///
/// An id with no known pair is handled by `newFrom`, the first id the new side assigns itself (its
/// `--id-base`): ids below it are legacy's, which the new side reads too, so they are sent unchanged; an id at
/// or above it exists only on the new side and is not mirrored to legacy (counted as `unmappedID`), because
/// legacy cannot know it. Without `newFrom` no unpaired id is mirrored: asking the shadow side for the other
/// side's id compares two different things.
public struct ShadowIDRule: Sendable, Equatable {
    /// Where the id is in a write's JSON answer, as written: `$.job_id`; `nil` when pairs are not learned.
    public var field: String?
    /// The object keys of `field`, outermost first (empty without `field`).
    public var fieldKeys: [String]
    /// The route that carries the id in its one `{name}` segment: `/api/transcode/{job}`, `/media/{video}/*`.
    public var path: PathPattern
    /// The first id only the new side has; `nil` when unpaired ids are never mirrored.
    public var newFrom: Int64?

    /// Creates a rule; `nil` when `field` is not `$.key[.key...]`, `path` has not exactly one `{name}`
    /// segment, or neither `field` nor `newFrom` is given.
    public init?(field: String?, path: PathPattern, newFrom: Int64? = nil) {
        guard field != nil || newFrom != nil, path.kind != .exact,
            path.segments.count(where: \.isParameter) == 1
        else { return nil }
        var keys: [String] = []
        if let field {
            guard field.hasPrefix("$.") else { return nil }
            keys = field.dropFirst(2).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard keys.allSatisfy({ !$0.isEmpty && !$0.contains("[") && !$0.contains("]") }) else { return nil }
        }
        self.field = field
        self.fieldKeys = keys
        self.path = path
        self.newFrom = newFrom
    }

    /// The request target for `shadowSide`, or `nil` when the path does not match this rule. `translate`
    /// gets the id as sent and returns the shadow side's id from a learned pair (`nil`: no pair known).
    public func rewrite(target: String, shadowSide: Side, translate: (String) -> String?) -> Rewrite? {
        let query = target.firstIndex(of: "?")
        let path = query.map { target[..<$0] } ?? target[...]
        guard self.path.matches(path) else { return nil }
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard let index = self.path.segments.firstIndex(where: \.isParameter), index + 1 < parts.count else {
            return nil
        }
        let id = String(parts[index + 1])
        if field != nil, let translated = translate(id) {
            parts[index + 1] = Substring(translated)
            return .translated(parts.joined(separator: "/") + (query.map { String(target[$0...]) } ?? ""))
        }
        guard let newFrom else { return .unmapped(id) }
        if shadowSide == .legacy, let number = Int64(id), number >= newFrom { return .unmapped(id) }
        return .translated(target)
    }

    /// What `rewrite(target:shadowSide:translate:)` made of a request target.
    public enum Rewrite: Sendable, Equatable {
        /// The target to send the shadow side (with its own id, or unchanged for an id both sides know).
        case translated(String)
        /// The target names an id the shadow side cannot know.
        case unmapped(String)
    }
}
