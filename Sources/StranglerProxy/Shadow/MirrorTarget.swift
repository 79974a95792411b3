import StranglerCore

/// Where and how one request is mirrored (decided at the request head, from the feature's settings).
struct MirrorTarget: Sendable {
    /// The upstream that gets the shadow copy.
    let upstream: Upstream
    /// The side that upstream is.
    let side: Side
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
        guard let upstream = upstreams[feature.upstreamName(for: side)] else { return (nil, nil) }
        let capture = feature.shadow.capture > 0 && random() < feature.shadow.capture
        return (
            MirrorTarget(upstream: upstream, side: side, settings: feature.shadow, noise: noise, captureDrawn: capture),
            nil
        )
    }
}

/// Why a request of a mirroring feature was not mirrored (counted, never an error).
enum MirrorSkip: Sendable {
    case writesSkipped, sampledOut, bodyTooLarge, busy, clientGone
}
