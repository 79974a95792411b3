import Foundation
import Logging
import NIOConcurrencyHelpers
import StranglerAudit
import StranglerCore

/// Every change of the served route table goes through here: reloads (file watch, SIGHUP, admin API),
/// flips, reverts and guard rollbacks. Each reads the file, validates, compiles, swaps atomically and
/// appends an audit entry; a rejected file changes nothing and is reported in `/admin/status`.
public final class RouteTableController: Sendable {
    /// What one reload attempt did.
    public enum Outcome: Sendable, Equatable {
        /// A new table is being served.
        case installed(revision: Int)
        /// The file parses to the table already being served.
        case unchanged(revision: Int)
        /// The file was rejected; the previous table keeps serving.
        case rejected(message: String)
    }

    /// What a flip or revert changed.
    public struct ChangeResult: Sendable, Codable, Equatable {
        public var changes: [TableChange]
        /// Line diff of the route file.
        public var diff: String
        /// The table revision now served (`nil` for a dry run).
        public var revision: Int?
        /// The audit log revision of this change (`nil` for a dry run or when nothing changed).
        public var auditRevision: Int64?
        public var dryRun: Bool
    }

    /// A flip or revert that could not be applied.
    public struct ChangeError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public let file: RouteFileStore
    private let store: RouteTableStore
    private let audit: AuditLog?
    private let metrics: ProxyMetrics?
    private let logger: Logger
    /// The route file text of the installed table; the lock also serialises every change.
    private let installedText: NIOLockedValueBox<String>

    public init(
        file: RouteFileStore,
        initialText: String,
        store: RouteTableStore,
        audit: AuditLog?,
        metrics: ProxyMetrics?,
        logger: Logger
    ) {
        self.file = file
        self.store = store
        self.audit = audit
        self.metrics = metrics
        self.logger = logger
        self.installedText = NIOLockedValueBox(initialText)
    }

    /// The route file's path.
    public var path: String { self.file.path }

    /// Records the table the proxy starts with, unless the audit log already ends with this very file.
    public func recordStart(actor: String) {
        self.installedText.withLockedValue { text in
            let previous = try? self.audit?.latest()
            guard previous?.fileText != text else { return }
            let oldTable = previous.flatMap { try? RouteTableParser.parse($0.fileText, file: self.path) }
            self.appendAudit(
                old: (oldTable, previous?.fileText ?? ""),
                new: (self.store.current.table, text),
                trigger: "start",
                actor: actor,
                reason: previous == nil ? "first start" : "file changed while stopped"
            )
        }
    }

    /// Reloads the route file. Safe from any thread; changes run one at a time.
    @discardableResult
    public func reload(trigger: String, actor: String = "file", reason: String? = nil) -> Outcome {
        self.installedText.withLockedValue { installed in
            let outcome: Outcome
            do {
                let text = try self.file.read()
                let table = try RouteTableParser.parse(text, file: self.path)
                outcome = try self.install(
                    table,
                    text: text,
                    installed: &installed,
                    trigger: trigger,
                    actor: actor,
                    reason: reason
                )
            } catch {
                outcome = .rejected(message: "\(error)")
            }
            if case .rejected(let message) = outcome {
                self.store.recordRejected(message)
                self.logger.error(
                    "route file rejected, keeping the current table",
                    metadata: ["error": "\(message)", "trigger": "\(trigger)"]
                )
            }
            return outcome
        }
    }

    /// Sets a feature's mode (and percent) in the route file in place, then serves and audits it.
    public func flip(_ flip: RouteFileEditor.Flip, actor: String, reason: String?, dryRun: Bool) throws -> ChangeResult
    {
        try self.installedText.withLockedValue { installed in
            let text = try self.file.read()
            let edited: (text: String, table: RouteTable)
            do {
                edited = try RouteFileEditor.apply(flip, to: text, file: self.path)
            } catch let error as RouteTableError {
                throw ChangeError(description: "\(error) (fix the route file before flipping)")
            }
            return try self.change(
                to: edited,
                from: text,
                installed: &installed,
                trigger: "flip",
                actor: actor,
                reason: reason,
                dryRun: dryRun
            )
        }
    }

    /// Restores the route file of audit revision `revision`, or the one before the latest change.
    public func revert(to revision: Int64?, actor: String, reason: String?, dryRun: Bool) throws -> ChangeResult {
        guard let audit = self.audit else { throw ChangeError(description: "no audit log to revert from") }
        return try self.installedText.withLockedValue { installed in
            let target: AuditEntry
            if let revision {
                guard let entry = try audit.entry(id: revision) else {
                    throw ChangeError(description: "no revision \(revision) in the audit log (see `strangler history`)")
                }
                target = entry
            } else {
                guard let latest = try audit.latest(), let before = try audit.entry(before: latest.id) else {
                    throw ChangeError(description: "nothing to revert: the audit log has no earlier revision")
                }
                target = before
            }
            let table: RouteTable
            do {
                table = try RouteTableParser.parse(target.fileText, file: self.path)
            } catch {
                throw ChangeError(description: "revision \(target.id) no longer validates: \(error)")
            }
            let text = try self.file.read()
            let why = "revert to r\(target.id)" + (reason.map { ": \($0)" } ?? "")
            return try self.change(
                to: (target.fileText, table),
                from: text,
                installed: &installed,
                trigger: "revert",
                actor: actor,
                reason: why,
                dryRun: dryRun
            )
        }
    }

    private func change(
        to edited: (text: String, table: RouteTable),
        from text: String,
        installed: inout String,
        trigger: String,
        actor: String,
        reason: String?,
        dryRun: Bool
    ) throws -> ChangeResult {
        let current = self.store.current.table
        var result = ChangeResult(
            changes: TableChange.between(current, edited.table),
            diff: LineDiff.render(old: text, new: edited.text),
            revision: nil,
            auditRevision: nil,
            dryRun: dryRun
        )
        guard !dryRun else { return result }
        if edited.text != text { try self.file.write(edited.text) }
        let before = try? self.audit?.latest()?.id
        switch try self.install(
            edited.table,
            text: edited.text,
            installed: &installed,
            trigger: trigger,
            actor: actor,
            reason: reason
        ) {
        case .installed(let revision), .unchanged(let revision):
            result.revision = revision
        case .rejected(let message):
            throw ChangeError(description: message)
        }
        let after = try? self.audit?.latest()?.id
        result.auditRevision = after != before ? after : nil
        return result
    }

    private func install(
        _ table: RouteTable,
        text: String,
        installed: inout String,
        trigger: String,
        actor: String,
        reason: String?
    ) throws -> Outcome {
        let current = self.store.current
        if table.listen != current.table.listen || table.admin != current.table.admin {
            return .rejected(
                message: "\(self.path): listen and admin addresses cannot change while running; restart the proxy"
            )
        }
        let oldText = installed
        installed = text
        if table == current.table {
            self.store.recordUnchanged()
            return .unchanged(revision: current.revision)
        }
        let revision = self.store.install(table)
        self.logger.info("route table installed", metadata: ["revision": "\(revision)", "trigger": "\(trigger)"])
        self.appendAudit(
            old: (current.table, oldText),
            new: (table, text),
            trigger: trigger,
            actor: actor,
            reason: reason
        )
        return .installed(revision: revision)
    }

    private func appendAudit(
        old: (table: RouteTable?, text: String),
        new: (table: RouteTable, text: String),
        trigger: String,
        actor: String,
        reason: String?
    ) {
        let changes = TableChange.between(old.table, new.table)
        if trigger != "start" {
            for change in changes { self.metrics?.countFlip(feature: change.feature, trigger: trigger) }
        }
        guard let audit = self.audit else { return }
        do {
            try audit.append(
                AuditEntry(
                    trigger: trigger,
                    actor: actor,
                    reason: reason,
                    changes: changes,
                    diff: LineDiff.render(old: old.text, new: new.text),
                    fileText: new.text
                )
            )
        } catch {
            self.logger.error("could not write the audit log", metadata: ["error": "\(error)"])
        }
    }
}
