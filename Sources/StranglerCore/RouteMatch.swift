/// The outcome of matching a request: which feature and route own it, or the fallback.
public struct RouteMatch: Sendable, Equatable {
    /// Index into `RouteTable.features`; `nil` means the request goes to the fallback upstream.
    public let featureIndex: Int?
    /// Index into that feature's `routes`; `nil` for the fallback.
    public let routeIndex: Int?

    /// Creates a match.
    public init(featureIndex: Int?, routeIndex: Int?) {
        self.featureIndex = featureIndex
        self.routeIndex = routeIndex
    }

    /// No feature owns the request.
    public static let fallback = RouteMatch(featureIndex: nil, routeIndex: nil)

    /// Whether no feature owns the request.
    public var isFallback: Bool { featureIndex == nil }
}
