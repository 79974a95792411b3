/// What changed for one feature between two route tables, in the words of the audit log.
public struct TableChange: Sendable, Equatable, Codable {
    /// The feature's name.
    public var feature: String
    /// `mode` (with the percent for a canary) before, or `absent` for an added feature.
    public var from: String
    /// `mode` (with the percent for a canary) after, or `absent` for a removed feature.
    public var to: String

    public init(feature: String, from: String, to: String) {
        self.feature = feature
        self.from = from
        self.to = to
    }

    /// The per-feature changes from `old` to `new`; a feature whose mode is unchanged but whose other
    /// settings changed is listed with `from == to`.
    public static func between(_ old: RouteTable?, _ new: RouteTable) -> [TableChange] {
        var changes: [TableChange] = []
        for feature in new.features {
            guard let before = old?.feature(named: feature.name) else {
                changes.append(TableChange(feature: feature.name, from: "absent", to: Self.state(feature)))
                continue
            }
            if before != feature {
                changes.append(TableChange(feature: feature.name, from: Self.state(before), to: Self.state(feature)))
            }
        }
        for feature in old?.features ?? [] where new.feature(named: feature.name) == nil {
            changes.append(TableChange(feature: feature.name, from: Self.state(feature), to: "absent"))
        }
        return changes
    }

    /// `legacy`, `shadow`, `canary 30%`, `new`.
    public static func state(_ feature: Feature) -> String {
        feature.mode == .canary ? "canary \(feature.percent)%" : feature.mode.rawValue
    }
}
