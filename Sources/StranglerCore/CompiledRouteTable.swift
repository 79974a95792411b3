/// A `RouteTable` prepared for per-request matching: exact paths in a hash table, patterns pre-sorted by
/// precedence. Matching works on the path's UTF-8 bytes and does not allocate for native strings.
///
/// Precedence: exact paths, then `{name}` segment patterns (more literal segments first, then more segments),
/// then prefixes (longer prefix first, then more literal segments); ties go to file order. A route with
/// `methods` matches only those methods, and HEAD also matches GET routes.
public struct CompiledRouteTable: Sendable {
    /// The table this was compiled from.
    public let table: RouteTable

    struct Entry: Sendable {
        var pattern: PathPattern
        var bytes: [UInt8]
        var methods: MethodSet
        var feature: Int
        var route: Int
    }

    /// Exact routes keyed by the FNV-1a hash of their path, each list in file order.
    private let exact: [UInt64: [Entry]]
    /// Segment and prefix routes, most specific first, ties in file order.
    private let patterns: [Entry]
    /// For each feature, the indices of its legacy and new upstreams in `table.upstreams`.
    private let sides: [(legacy: Int, new: Int)]
    private let fallbackIndex: Int

    /// Compiles `table` (which should come from `RouteTableParser`, so that its references resolve).
    public init(_ table: RouteTable) {
        self.table = table
        var exact: [UInt64: [Entry]] = [:]
        var patterns: [Entry] = []
        for (featureIndex, feature) in table.features.enumerated() {
            for (routeIndex, route) in feature.routes.enumerated() {
                let entry = Entry(
                    pattern: route.path,
                    bytes: Array(route.path.text.utf8),
                    methods: MethodSet(route.methods),
                    feature: featureIndex,
                    route: routeIndex
                )
                if route.path.kind == .exact {
                    exact[StickyBucket.fnv1a64(entry.bytes), default: []].append(entry)
                } else {
                    patterns.append(entry)
                }
            }
        }
        // A stable sort keeps file order among ties.
        self.patterns = patterns.enumerated()
            .sorted { lhs, rhs in
                lhs.element.pattern.precedes(rhs.element.pattern)
                    || (lhs.element.pattern.ties(with: rhs.element.pattern) && lhs.offset < rhs.offset)
            }
            .map(\.element)
        self.exact = exact
        let index = { (name: String) in table.upstreams.firstIndex { $0.name == name } ?? 0 }
        self.sides = table.features.map { (index($0.legacy), index($0.new)) }
        self.fallbackIndex = index(table.fallback)
    }

    /// The feature and route owning a request; `path` should not include the query string (anything from a `?`
    /// on is ignored anyway). Called per request: no allocation for native strings.
    public func match(method: String, path: Substring) -> RouteMatch {
        if let result = path.utf8.withContiguousStorageIfAvailable({ match(method: method, bytes: $0) }) {
            return result
        }
        return Array(path.utf8).withUnsafeBufferPointer { match(method: method, bytes: $0) }
    }

    private func match(method: String, bytes full: UnsafeBufferPointer<UInt8>) -> RouteMatch {
        var hash = StickyBucket.offsetBasis
        var length = 0
        while length < full.count, full[length] != UInt8(ascii: "?") {
            hash ^= UInt64(full[length])
            hash &*= StickyBucket.prime
            length += 1
        }
        let bytes = UnsafeBufferPointer(rebasing: full[0..<length])
        if let candidates = exact[hash] {
            for entry in candidates where entry.methods.contains(method) && entry.bytes.elementsEqual(bytes) {
                return RouteMatch(featureIndex: entry.feature, routeIndex: entry.route)
            }
        }
        for entry in patterns where entry.methods.contains(method) && entry.pattern.matches(bytes: bytes) {
            return RouteMatch(featureIndex: entry.feature, routeIndex: entry.route)
        }
        return .fallback
    }

    /// The feature a match refers to, or `nil` for the fallback.
    public func feature(of match: RouteMatch) -> Feature? {
        match.featureIndex.map { table.features[$0] }
    }

    /// The upstream answering for `side` of feature `featureIndex`, without a name lookup.
    public func upstream(featureIndex: Int, side: Side) -> Upstream {
        let pair = sides[featureIndex]
        return table.upstreams[side == .legacy ? pair.legacy : pair.new]
    }

    /// The fallback upstream.
    public var fallbackUpstream: Upstream { table.upstreams[fallbackIndex] }

    /// Every route in matching order: exact paths (file order), then patterns by precedence.
    var routesInMatchOrder: [Entry] {
        exact.values.flatMap { $0 }.sorted { ($0.feature, $0.route) < ($1.feature, $1.route) } + patterns
    }
}
