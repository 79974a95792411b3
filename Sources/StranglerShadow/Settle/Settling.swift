import StranglerCore

/// What the proxy needs to ask both sides a mirrored read again, for `compare.settle`.
public struct SettleRequest: Sendable {
    /// `GET` or `HEAD`.
    public var method: String
    /// The request headers as the shadow copy carried them (with `X-Strangler-Shadow: 1`).
    public var headers: [(String, String)]
    /// Legacy's origin and the target it was asked.
    public var legacy: Upstream
    /// The request target sent to legacy.
    public var legacyTarget: String
    /// The new side's origin.
    public var new: Upstream
    /// The request target sent to the new side (differs from legacy's when `shadow.ids` translated an id).
    public var newTarget: String

    /// How many times a read whose answers keep differing is asked again, `compare.settle` apart, before the
    /// last answers stand. A read model that lags by a second or two agrees at the first re-check; asking
    /// again helps when the legacy side moved on meanwhile (a feed that got a new upload just before the
    /// re-check), and a real difference stays a difference however often it is asked.
    public static let maxRechecks = 3

    /// Creates a request.
    public init(
        method: String,
        headers: [(String, String)],
        legacy: Upstream,
        legacyTarget: String,
        new: Upstream,
        newTarget: String
    ) {
        self.method = method
        self.headers = headers
        self.legacy = legacy
        self.legacyTarget = legacyTarget
        self.new = new
        self.newTarget = newTarget
    }
}

/// Asks both sides a read again after a delay and offers the sample back, settled (`compare.settle`).
/// The proxy provides one; the recorder's worker calls it for reads whose answers differed.
public protocol ShadowRechecker: Sendable {
    /// Schedules `sample` to be asked again after `delay`. `false` when it cannot (too many re-checks
    /// pending): then the first answers stand.
    func recheck(_ sample: ShadowSample, after delay: Duration) -> Bool
}

extension ShadowSample {
    /// This sample judged on a re-check's answers, with one more re-check counted.
    ///
    /// The latencies stay the first answers' (the user saw those). When either re-check answer failed the
    /// earlier answers stand and the sample is not asked again: a re-check that could not be made proves
    /// nothing either way.
    public func settled(legacy: CapturedResponse, new: CapturedResponse) -> ShadowSample {
        var result = self
        result.rechecks += 1
        guard legacy.failure == nil, new.failure == nil else {
            result.settle = nil
            return result
        }
        result.legacy = CapturedResponse(
            status: legacy.status,
            headers: legacy.headers,
            body: legacy.body,
            bodyTruncated: legacy.bodyTruncated,
            latency: self.legacy.latency
        )
        result.new = CapturedResponse(
            status: new.status,
            headers: new.headers,
            body: new.body,
            bodyTruncated: new.bodyTruncated,
            latency: self.new.latency
        )
        return result
    }
}
