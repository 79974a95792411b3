/// One of a feature's two upstreams.
public enum Side: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The monolith being strangled.
    case legacy
    /// The new service taking the feature over.
    case new

    /// The other side: where a shadow copy of a request goes.
    public var opposite: Side { self == .legacy ? .new : .legacy }

    /// `legacy` or `new`.
    public var description: String { rawValue }
}
