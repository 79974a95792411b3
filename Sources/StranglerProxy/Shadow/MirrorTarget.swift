import StranglerCore
import StranglerShadow

/// Where and how one request is mirrored (decided at the request head, from the feature's settings).
struct MirrorTarget: Sendable {
    /// The upstream that gets the shadow copy.
    let upstream: Upstream
    /// The side that upstream is.
    let side: Side
    /// The upstream that answers the user (for re-checks, `compare.settle`).
    let primary: Upstream
    let settings: ShadowSettings
    /// Also send the request a second time to legacy, to learn which fields differ by themselves.
    let noise: Upstream?
    /// Also write the request to the feature's capture file.
    let captureDrawn: Bool
}

extension MirrorTarget {
    /// The mirror for a request answered by `primary`, or the reason it is not mirrored (`nil`, `nil` when
    /// the feature mirrors nothing at all).
    static func decide(
        feature: Feature,
        primary: Side,
        method: String,
        forced: Bool,
        upstreams: [String: Upstream],
        random: () -> Double
    ) -> (MirrorTarget?, MirrorSkip?) {
        guard !forced, let side = feature.mirrorSide(primary: primary) else { return (nil, nil) }
        let idempotent = method == "GET" || method == "HEAD" || method == "OPTIONS"
        if !idempotent && feature.shadow.writes == .skip { return (nil, .writesSkipped) }
        guard random() < feature.shadow.sample else { return (nil, .sampledOut) }
        let noise =
            method == "GET" && primary == .legacy && feature.noiseSample > 0 && random() < feature.noiseSample
            ? upstreams[feature.legacy] : nil
        guard let upstream = upstreams[feature.upstreamName(for: side)],
            let primaryUpstream = upstreams[feature.upstreamName(for: primary)]
        else { return (nil, nil) }
        let capture = feature.shadow.capture > 0 && random() < feature.shadow.capture
        return (
            MirrorTarget(
                upstream: upstream,
                side: side,
                primary: primaryUpstream,
                settings: feature.shadow,
                noise: noise,
                captureDrawn: capture
            ),
            nil
        )
    }

    /// The request target for the shadow side: `target` with an id of `shadow.ids` replaced by the shadow
    /// side's own id; `nil` when the target names an id the shadow side cannot know (not mirrored).
    func shadowTarget(for target: String, feature: String, identities: ShadowIDMap) -> String? {
        for rule in settings.ids {
            let rewrite = rule.rewrite(target: target, shadowSide: side) {
                identities.counterpart(feature: feature, rule: rule, id: $0, on: side)
            }
            switch rewrite {
            case .translated(let translated): return translated
            case .unmapped: return nil
            case nil: continue
            }
        }
        return target
    }
}

/// Why a request of a mirroring feature was not mirrored (counted, never an error).
enum MirrorSkip: Sendable {
    case writesSkipped, sampledOut, bodyTooLarge, busy, clientGone, requestIncomplete, unmappedID, shadowDown
}
