import Crypto
import StranglerCore

/// Compares two response bodies under a feature's `compare` rules.
///
/// Bodies that both parse as JSON get a structural diff with paths (`$.items[3].title`), kinds, `ignore`
/// paths, `unordered` arrays and numeric tolerance. Anything else is compared by length and SHA-256 and, when
/// different, reported as one `changed` difference at path `body`. Pure and thread-safe.
public struct JSONDiff: Sendable {
    /// Most differences kept per comparison; more are counted in `DiffResult.omitted`.
    public var maxDifferences: Int
    let rules: CompareRules

    /// Compiles `rules` once for many comparisons.
    public init(rules: CompareSettings, maxDifferences: Int = 100) {
        self.rules = CompareRules(
            ignore: rules.ignore,
            unordered: rules.unordered,
            numericTolerance: rules.numericTolerance
        )
        self.maxDifferences = maxDifferences
    }

    /// Compares `legacy` (or a first legacy answer) with `new` (or a second one) under `rules`.
    public static func compare(_ legacy: [UInt8], _ new: [UInt8], rules: CompareSettings) -> DiffResult {
        JSONDiff(rules: rules).compare(legacy, new)
    }

    /// Compares `legacy` (or a first legacy answer) with `new` (or a second one).
    public func compare(_ legacy: [UInt8], _ new: [UInt8]) -> DiffResult {
        legacy.withUnsafeBufferPointer { left in
            new.withUnsafeBufferPointer { right in
                compare(left, right)
            }
        }
    }

    /// Compares two byte buffers.
    public func compare(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> DiffResult {
        if Self.looksLikeJSON(left), Self.looksLikeJSON(right), left.count < Int(Int32.max),
            right.count < Int(Int32.max)
        {
            var walker = LockstepWalker(left: left, right: right, rules: rules, limit: maxDifferences)
            do {
                try walker.compareDocuments()
                return DiffResult(format: .json, differences: walker.log.differences, omitted: walker.log.omitted)
            } catch {
                // Not JSON after all: compared as opaque bytes below.
            }
        }
        return Self.compareOpaque(left, right)
    }

    /// Whether the first non-blank byte can start a JSON value (saves parsing HTML or binary bodies).
    static func looksLikeJSON(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            return false
        }
        switch first {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return true
        default:
            return false
        }
    }

    /// Length and SHA-256 comparison.
    static func compareOpaque(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> DiffResult {
        guard !JSONText.sameBytes(left, 0..<left.count, right, 0..<right.count) else {
            return DiffResult(format: .opaque)
        }
        return DiffResult(
            format: .opaque,
            differences: [
                Difference(path: "body", kind: .changed, legacyValue: describe(left), newValue: describe(right))
            ]
        )
    }

    /// `N bytes, sha256 0123abcd…`.
    static func describe(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let digest = SHA256.hash(data: bytes)
        let hex = digest.prefix(8).map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }
        return "\(bytes.count) bytes, sha256 \(hex.joined())…"
    }
}
