import Foundation
import Logging
import StranglerAudit
import StranglerCore
import StranglerProxy

/// Applies a flip or revert: through the running proxy's admin API when it runs (so it reloads and
/// audits), else directly on the route file and the audit log (the proxy picks it up when it starts).
enum RouteChange {
    static func apply(
        routes: String,
        state: String,
        remote: (AdminAPIClient) async throws -> RouteTableController.ChangeResult,
        local: (RouteTableController) throws -> RouteTableController.ChangeResult
    ) async throws -> (result: RouteTableController.ChangeResult, viaProxy: Bool) {
        let file = RouteFileStore(path: routes)
        let text = try file.read()
        let table = try RouteTableParser.parse(text, file: routes)
        do {
            return (try await remote(AdminAPIClient(table: table, stateDirectory: state)), true)
        } catch is AdminAPIClient.NotRunning {
            let controller = RouteTableController(
                file: file,
                initialText: text,
                store: RouteTableStore(table: table),
                audit: try AuditLog(path: StatePaths.audit(in: state)),
                metrics: nil,
                logger: Logger(label: "strangler.flip")
            )
            return (try local(controller), false)
        }
    }

    /// Prints what a change did, for a person.
    static func report(_ result: RouteTableController.ChangeResult, viaProxy: Bool) {
        if result.changes.isEmpty {
            print(result.diff.isEmpty ? "no change" : "route file changed (no feature changed)")
        }
        for change in result.changes {
            print("\(change.feature): \(change.from) → \(change.to)")
        }
        if result.dryRun {
            print(
                result.diff.isEmpty
                    ? "(dry run: the file would not change)" : "dry run, the file would change:\n\(result.diff)"
            )
            return
        }
        if !result.diff.isEmpty { print(result.diff) }
        var outcome =
            viaProxy
            ? "applied by the running proxy" : "written to the route file (proxy not running; applies when it starts)"
        if let revision = result.revision, viaProxy { outcome += ", table revision \(revision)" }
        if let audit = result.auditRevision { outcome += ", audit r\(audit)" }
        print(outcome)
    }
}
