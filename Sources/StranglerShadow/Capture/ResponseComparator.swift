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
        for name in settings.headers where !Self.sameHeaderValues(name, legacy.headers, new.headers) {
            let a = legacy.headerValues(name)
            let b = new.headerValues(name)
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

    /// Whether `a` and `b` carry the same values, in the same order, for header `name` (compared as
    /// `CapturedResponse.headerValues` does, without copying names or values).
    static func sameHeaderValues(_ name: String, _ a: [(String, String)], _ b: [(String, String)]) -> Bool {
        var i = 0
        var j = 0
        while true {
            while i < a.count, !isHeader(a[i].0, named: name) { i += 1 }
            while j < b.count, !isHeader(b[j].0, named: name) { j += 1 }
            guard i < a.count, j < b.count else { return i == a.count && j == b.count }
            guard a[i].1 == b[j].1 else { return false }
            i += 1
            j += 1
        }
    }

    /// `header.lowercased() == name`, byte by byte while both are ASCII.
    static func isHeader(_ header: String, named name: String) -> Bool {
        let decided = header.utf8.withContiguousStorageIfAvailable { header in
            name.utf8.withContiguousStorageIfAvailable { name in asciiLowercasedEqual(header, name) } ?? nil
        }
        return (decided ?? nil) ?? (header.lowercased() == name)
    }

    /// Whether `header`, lower-cased, equals `name`; `nil` when that takes Unicode (a non-ASCII byte comes first).
    static func asciiLowercasedEqual(
        _ header: UnsafeBufferPointer<UInt8>,
        _ name: UnsafeBufferPointer<UInt8>
    ) -> Bool? {
        let common = min(header.count, name.count)
        for index in 0..<common {
            let byte = header[index]
            let wanted = name[index]
            guard byte < 0x80, wanted < 0x80 else { return nil }
            let lower = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
            guard lower == wanted else { return false }
        }
        if header.count == name.count { return true }
        // One is the other plus more: an ASCII character more makes them differ.
        let more = header.count > common ? header[common] : name[common]
        return more < 0x80 ? false : nil
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
