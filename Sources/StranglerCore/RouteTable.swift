/// The parsed, validated route file: where the proxy listens, the upstreams, and the features with their routes.
///
/// Build one with `RouteTableParser.parse(_:file:)`, then `CompiledRouteTable` for matching.
public struct RouteTable: Sendable, Equatable {
    /// Route file format version; only 1 exists.
    public var version: Int
    /// Where the proxy accepts client traffic.
    public var listen: HostPort
    /// The admin API.
    public var admin: AdminSettings
    /// Data-plane timeouts and limits.
    public var proxy: ProxySettings
    /// The upstreams, in file order.
    public var upstreams: [Upstream]
    /// The upstream that answers requests no feature owns.
    public var fallback: String
    /// The features, in file order.
    public var features: [Feature]

    /// Creates a table. It is not validated; parse files with `RouteTableParser`.
    public init(
        version: Int = 1,
        listen: HostPort,
        admin: AdminSettings = AdminSettings(),
        proxy: ProxySettings = ProxySettings(),
        upstreams: [Upstream],
        fallback: String,
        features: [Feature]
    ) {
        self.version = version
        self.listen = listen
        self.admin = admin
        self.proxy = proxy
        self.upstreams = upstreams
        self.fallback = fallback
        self.features = features
    }

    /// The upstream called `name`, if declared.
    public func upstream(named name: String) -> Upstream? {
        upstreams.first { $0.name == name }
    }

    /// The feature called `name`, if declared.
    public func feature(named name: String) -> Feature? {
        features.first { $0.name == name }
    }

    /// Number of routes over all features.
    public var routeCount: Int { features.reduce(0) { $0 + $1.routes.count } }
}
