/// How a feature's traffic is split between its legacy and new upstreams.
///
/// | mode | who answers | mirrored to |
/// |---|---|---|
/// | legacy | legacy | nothing |
/// | shadow | legacy | new (sampled) |
/// | canary | new for `percent`% of sticky keys, legacy for the rest | the other side (sampled) |
/// | new | new | legacy when `shadow.sample` > 0 (reverse shadow) |
public enum Mode: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Legacy answers; nothing is mirrored.
    case legacy
    /// Legacy answers; requests are mirrored to the new service and compared.
    case shadow
    /// The new service answers `percent`% of users (sticky), legacy the rest.
    case canary
    /// The new service answers everyone.
    case new

    /// The mode's name as written in the route file.
    public var description: String { rawValue }
}
