import StranglerCore

/// One installed revision of the route table, compiled for the request path.
///
/// A request reads the current snapshot once, at its head, and keeps it: a reload that lands while the
/// request is in flight does not change where that request goes.
public struct RouteSnapshot: Sendable {
    /// The compiled table.
    public let compiled: CompiledRouteTable
    /// Monotonic revision number, starting at 1 for the table the proxy started with.
    public let revision: Int
    /// Metric handles per feature (same order as the table's features), and for the fallback.
    let featureMetrics: [FeatureMetrics]
    let fallbackMetrics: FeatureMetrics
    private let upstreamsByName: [String: Upstream]

    init(compiled: CompiledRouteTable, revision: Int, metrics: ProxyMetrics) {
        self.compiled = compiled
        self.revision = revision
        var byName: [String: Upstream] = [:]
        for upstream in compiled.table.upstreams { byName[upstream.name] = upstream }
        self.upstreamsByName = byName
        self.featureMetrics = compiled.table.features.map { metrics.feature($0.name) }
        self.fallbackMetrics = metrics.feature("-")
    }

    /// The route table this snapshot was compiled from.
    public var table: RouteTable { self.compiled.table }

    /// Decides where a request goes.
    ///
    /// - Parameters:
    ///   - method: The request method.
    ///   - path: The request path without the query string.
    ///   - forced: A side pinned by an authorised `X-Strangler-Force`, if any.
    ///   - stickyValue: Looks up the value of the feature's sticky key (a header or cookie) on the request.
    ///   - cookieBucket: Looks up a bucket the proxy stored in a cookie earlier, by cookie name.
    ///   - randomBucket: A bucket for a request that carries no sticky key.
    func route(
        method: String,
        path: Substring,
        forced: Side?,
        stickyValue: (StickyKey) -> String?,
        cookieBucket: (String) -> Int?,
        randomBucket: () -> Int,
        random: () -> Double
    ) -> RoutingDecision {
        let match = self.compiled.match(method: method, path: path)
        guard let featureIndex = match.featureIndex else {
            return RoutingDecision(
                upstream: self.upstreamsByName[self.table.fallback]!,
                featureIndex: nil,
                side: .legacy,
                legacyUpstream: nil,
                metrics: self.fallbackMetrics,
                forced: false,
                setCookie: nil,
                mirror: nil,
                mirrorSkip: nil
            )
        }
        let feature = self.table.features[featureIndex]
        var side: Side
        var setCookie: String?
        switch feature.mode {
        case .legacy, .shadow: side = .legacy
        case .new: side = .new
        case .canary:
            let bucket: Int
            let cookieName = StickyCookie.name(feature: feature.name)
            if let key = feature.sticky, let value = stickyValue(key) {
                bucket = StickyBucket.bucket(feature: feature.name, key: value)
            } else if let stored = cookieBucket(cookieName) {
                bucket = stored
            } else {
                bucket = randomBucket()
                setCookie = StickyCookie.header(name: cookieName, bucket: bucket)
            }
            side = feature.primarySide(bucket: bucket)
        }
        if let forced { side = forced }
        let (mirror, mirrorSkip) = MirrorTarget.decide(
            feature: feature,
            primary: side,
            method: method,
            forced: forced != nil,
            upstreams: self.upstreamsByName,
            random: random
        )
        let idempotent = method == "GET" || method == "HEAD"
        let canFallBack = side == .new && forced == nil && idempotent && feature.mode != .shadow
        return RoutingDecision(
            upstream: self.upstreamsByName[feature.upstreamName(for: side)]!,
            featureIndex: featureIndex,
            side: side,
            legacyUpstream: canFallBack ? self.upstreamsByName[feature.legacy] : nil,
            metrics: self.featureMetrics[featureIndex],
            forced: forced != nil,
            setCookie: setCookie,
            mirror: mirror,
            mirrorSkip: mirrorSkip
        )
    }

    /// The feature's name for a decision, or `nil` for the fallback.
    func featureName(_ decision: RoutingDecision) -> String? {
        decision.featureIndex.map { self.table.features[$0].name }
    }
}

/// Where one request goes: the upstream that answers it, and why.
struct RoutingDecision: Sendable {
    /// The upstream that answers the user.
    var upstream: Upstream
    /// The feature that claimed the request, or `nil` when it went to the fallback.
    let featureIndex: Int?
    /// The side that answers.
    var side: Side
    /// Where an idempotent request that fails on the new side is retried once; `nil` when it is not.
    var legacyUpstream: Upstream?
    /// The feature's metric handles.
    let metrics: FeatureMetrics
    /// The side was pinned by `X-Strangler-Force`: left out of the feature's statistics.
    let forced: Bool
    /// A `Set-Cookie` value that keeps a keyless canary user in the bucket drawn for them.
    let setCookie: String?
    /// Where the request is mirrored, if it is.
    let mirror: MirrorTarget?
    /// Why a request of a mirroring feature is not mirrored (counted).
    let mirrorSkip: MirrorSkip?

    /// Switches this decision to the legacy side after the new side failed.
    mutating func fallBack() -> Bool {
        guard let legacy = self.legacyUpstream else { return false }
        self.upstream = legacy
        self.side = .legacy
        self.legacyUpstream = nil
        return true
    }
}

/// The cookie that keeps a canary user without a sticky key in one bucket.
enum StickyCookie {
    static func name(feature: String) -> String { "strangler-\(feature)" }

    static func header(name: String, bucket: Int) -> String {
        "\(name)=\(bucket); Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax"
    }

    /// The bucket stored in cookie `name` of a `Cookie` header value, if valid.
    static func bucket(named name: String, in cookieHeader: String) -> Int? {
        guard let value = StickyKey.cookie(named: name, in: Substring(cookieHeader)), let bucket = Int(value),
            (0..<StickyBucket.count).contains(bucket)
        else { return nil }
        return bucket
    }
}
