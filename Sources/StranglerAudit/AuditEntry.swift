import Foundation
import StranglerCore

/// One accepted change of the route table: who, when, why, what changed, and the whole file after it.
public struct AuditEntry: Sendable, Equatable {
    /// The revision number users pass to `strangler revert --to`.
    public var id: Int64
    public var at: Date
    /// What applied the change: `flip`, `file edit`, `SIGHUP`, `admin reload`, `guard`, `revert`, `start`.
    public var trigger: String
    /// Who: a user name, `guard`, or `file` for a hand edit.
    public var actor: String
    public var reason: String?
    /// Per-feature changes (empty for a change outside features).
    public var changes: [TableChange]
    /// Line diff of the route file against the previous entry's text.
    public var diff: String
    /// The route file's full text after the change (what `revert` restores).
    public var fileText: String

    public init(
        id: Int64 = 0,
        at: Date = Date(),
        trigger: String,
        actor: String,
        reason: String?,
        changes: [TableChange],
        diff: String,
        fileText: String
    ) {
        self.id = id
        self.at = at
        self.trigger = trigger
        self.actor = actor
        self.reason = reason
        self.changes = changes
        self.diff = diff
        self.fileText = fileText
    }
}
