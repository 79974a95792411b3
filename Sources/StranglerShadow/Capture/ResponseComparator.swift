import StranglerCore

/// Compares two captured responses: status, the headers in `compare.headers`, and the body (`JSONDiff`).
/// Pure and thread-safe; the recorder's worker calls it off the request path.
public struct ResponseComparator: Sendable {
    /// The rules this comparator applies.
    public let settings: CompareSettings
    let diff: JSONDiff

    /// Compiles `settings`.
    public init(settings: CompareSettings, maxDifferences: Int = 100) {
        self.settings = settings
        self.diff = JSONDiff(rules: settings, maxDifferences: maxDifferences)
    }

    /// Every difference between two responses that both arrived, in order: status, headers, body.
    public func differences(_ legacy: CapturedResponse, _ new: CapturedResponse) -> (DiffResult, [Difference]) {
        var found: [Difference] = []
        if legacy.status != new.status {
            found.append(
                Difference(path: "status", kind: .changed, legacyValue: "\(legacy.status)", newValue: "\(new.status)")
            )
        }
        for name in settings.headers {
            let a = legacy.headerValues(name)
            let b = new.headerValues(name)
            guard a != b else { continue }
            let kind: Difference.Kind = a.isEmpty ? .extra : b.isEmpty ? .missing : .changed
            found.append(
                Difference(
                    path: "header:\(name)",
                    kind: kind,
                    legacyValue: a.isEmpty ? nil : a.joined(separator: ", "),
                    newValue: b.isEmpty ? nil : b.joined(separator: ", ")
                )
            )
        }
        let body = diff.compare(legacy.body, new.body)
        found += body.differences
        return (body, found)
    }

    /// Compares a sample into the row the store keeps.
    public func compare(_ sample: ShadowSample) -> ComparisonRecord {
        var record = ComparisonRecord(
            requestID: sample.requestID,
            feature: sample.feature,
            method: sample.method,
            path: sample.path,
            at: sample.at,
            primarySide: sample.primarySide,
            forced: sample.forced,
            source: sample.source,
            legacyStatus: sample.legacy.status,
            newStatus: sample.new.status,
            legacyMicros: sample.legacy.latency.microseconds,
            newMicros: sample.new.latency.microseconds,
            legacyFailure: sample.legacy.failure?.description,
            newFailure: sample.new.failure?.description,
            outcome: .match,
            bodyTruncated: sample.legacy.bodyTruncated || sample.new.bodyTruncated
        )
        if let failure = sample.legacy.failure {
            record.outcome = failure.isTimeout ? .legacyTimeout : .legacyError
            return record
        }
        if let failure = sample.new.failure {
            record.outcome = failure.isTimeout ? .newTimeout : .newError
            return record
        }
        let (body, differences) = self.differences(sample.legacy, sample.new)
        record.bodyFormat = body.format
        record.differences = differences
        record.omittedDifferences = body.omitted
        record.outcome = differences.isEmpty && body.omitted == 0 ? .match : .mismatch
        return record
    }

    /// The normalised paths that differ between two legacy answers to the same request: the noise it teaches.
    /// Empty when either answer failed.
    public func noisePaths(_ sample: NoiseSample) -> Set<String> {
        guard sample.first.failure == nil, sample.second.failure == nil else { return [] }
        let (_, differences) = self.differences(sample.first, sample.second)
        return Set(differences.map(\.normalizedPath))
    }
}
