import StranglerAudit
import StranglerCore

extension Overview.LastFlip {
    /// The latest audited change of each of `features` in `audit`: the latest that changed its mode, or else the
    /// latest that changed its other settings. Features the log never mentions are left out.
    public static func latest(in audit: AuditLog, features: [String]) throws -> [String: Overview.LastFlip] {
        var flips: [String: Overview.LastFlip] = [:]
        var settingsOnly: [String: Overview.LastFlip] = [:]
        for entry in try audit.entries(limit: 500) {
            for change in entry.changes where features.contains(change.feature) && flips[change.feature] == nil {
                let flip = Overview.LastFlip(
                    revision: entry.id,
                    at: entry.at,
                    from: change.from,
                    to: change.to,
                    actor: entry.actor,
                    trigger: entry.trigger,
                    reason: entry.reason
                )
                if change.from != change.to {
                    flips[change.feature] = flip
                } else if settingsOnly[change.feature] == nil {
                    settingsOnly[change.feature] = flip
                }
            }
            if flips.count == features.count { break }
        }
        return flips.merging(settingsOnly) { flip, _ in flip }
    }
}
