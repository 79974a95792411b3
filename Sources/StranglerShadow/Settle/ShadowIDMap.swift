import Foundation
import StranglerCore
import Synchronization

/// Pairs of ids that legacy and the new side each assigned to the same mirrored write (`shadow.ids`).
///
/// The recorder's worker learns a pair when both sides answered a mirrored write with 2xx; the proxy's event
/// loops look pairs up when they mirror a request that names such an id, to send the shadow side its own id.
/// Per feature and rule it keeps at most twice `capacity` pairs: when the newer half fills up, the older half
/// is forgotten whole (O(1), no per-entry bookkeeping), so recent ids — the ones clients still ask about —
/// stay known.
public final class ShadowIDMap: Sendable {
    private struct Key: Hashable {
        var feature: String
        var field: String?
    }

    private struct Generation {
        var toNew: [String: String] = [:]
        var toLegacy: [String: String] = [:]
    }

    private struct Pairs {
        var current = Generation()
        var previous = Generation()
    }

    private let capacity: Int
    private let pairs = Mutex<[Key: Pairs]>([:])

    /// Creates an empty map keeping up to `2 * capacity` pairs per feature and rule.
    public init(capacity: Int = 50_000) {
        self.capacity = max(1, capacity)
    }

    /// Records that legacy's `legacy` and the new side's `new` name the same thing.
    public func learn(feature: String, rule: ShadowIDRule, legacy: String, new: String) {
        let capacity = self.capacity
        pairs.withLock { all in
            var entry = all[Key(feature: feature, field: rule.field), default: Pairs()]
            if entry.current.toNew.count >= capacity {
                entry.previous = entry.current
                entry.current = Generation()
            }
            entry.current.toNew[legacy] = new
            entry.current.toLegacy[new] = legacy
            all[Key(feature: feature, field: rule.field)] = entry
        }
    }

    /// The id that `side` uses for the thing the other side calls `id`; `nil` when no pair is known.
    public func counterpart(feature: String, rule: ShadowIDRule, id: String, on side: Side) -> String? {
        pairs.withLock { all in
            guard let entry = all[Key(feature: feature, field: rule.field)] else { return nil }
            switch side {
            case .new: return entry.current.toNew[id] ?? entry.previous.toNew[id]
            case .legacy: return entry.current.toLegacy[id] ?? entry.previous.toLegacy[id]
            }
        }
    }

    /// Learns the pairs `rules` find in a sample: a write that both sides answered with 2xx JSON.
    func learn(from sample: ShadowSample, rules: [ShadowIDRule]) {
        guard rules.contains(where: { $0.field != nil }), sample.method != "GET", sample.method != "HEAD",
            (200..<300).contains(sample.legacy.status), (200..<300).contains(sample.new.status),
            !sample.legacy.bodyTruncated, !sample.new.bodyTruncated,
            let legacy = try? JSONSerialization.jsonObject(with: Data(sample.legacy.body)),
            let new = try? JSONSerialization.jsonObject(with: Data(sample.new.body))
        else { return }
        for rule in rules where rule.field != nil {
            guard let a = Self.scalar(at: rule.fieldKeys, in: legacy), let b = Self.scalar(at: rule.fieldKeys, in: new)
            else { continue }
            learn(feature: sample.feature, rule: rule, legacy: a, new: b)
        }
    }

    /// The string or integer at `keys` in a decoded JSON value, as it appears in a URL path.
    static func scalar(at keys: [String], in value: Any) -> String? {
        var current = value
        for key in keys {
            guard let object = current as? [String: Any], let next = object[key] else { return nil }
            current = next
        }
        if let text = current as? String { return text.isEmpty ? nil : text }
        if let integer = current as? Int64 { return String(integer) }
        return nil
    }
}
