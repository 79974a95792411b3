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
    private let upstreamsByName: [String: Upstream]

    init(compiled: CompiledRouteTable, revision: Int) {
        self.compiled = compiled
        self.revision = revision
        var byName: [String: Upstream] = [:]
        for upstream in compiled.table.upstreams { byName[upstream.name] = upstream }
        self.upstreamsByName = byName
    }

    /// The route table this snapshot was compiled from.
    public var table: RouteTable { self.compiled.table }

    /// Decides where a request goes.
    ///
    /// - Parameters:
    ///   - method: The request method.
    ///   - path: The request path without the query string.
    ///   - stickyValue: Looks up the value of the feature's sticky key (a header or cookie) on the request.
    ///   - randomBucket: A bucket for a request that carries no sticky key.
    func route(
        method: String,
        path: Substring,
        stickyValue: (StickyKey) -> String?,
        randomBucket: () -> Int
    ) -> RoutingDecision {
        let match = self.compiled.match(method: method, path: path)
        guard let featureIndex = match.featureIndex else {
            return RoutingDecision(upstream: self.upstreamsByName[self.table.fallback]!, feature: nil, side: .legacy)
        }
        let feature = self.table.features[featureIndex]
        let side: Side
        switch feature.mode {
        case .legacy, .shadow: side = .legacy
        case .new: side = .new
        case .canary:
            let bucket: Int
            if let key = feature.sticky, let value = stickyValue(key) {
                bucket = StickyBucket.bucket(feature: feature.name, key: value)
            } else {
                bucket = randomBucket()
            }
            side = feature.primarySide(bucket: bucket)
        }
        let name = side == .new ? feature.new : feature.legacy
        return RoutingDecision(upstream: self.upstreamsByName[name]!, feature: feature.name, side: side)
    }
}

/// Where one request goes: the upstream that answers it, and why.
struct RoutingDecision: Sendable {
    /// The upstream that answers the user.
    let upstream: Upstream
    /// The feature that claimed the request, or `nil` when it went to the fallback.
    let feature: String?
    /// The side that answers.
    let side: Side
}
