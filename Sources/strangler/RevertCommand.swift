import ArgumentParser
import StranglerProxy

/// `strangler revert`: restore an earlier route table from the audit log.
struct RevertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revert",
        abstract: "Restore the route table of an earlier revision (default: undo the latest change).",
        discussion: """
            Writes the route file as it was at audit revision REV (see `strangler history`), has the running \
            proxy reload it, and records the revert itself in the audit log. Without --to, undoes the latest \
            change.
            """
    )

    @Option(name: .customLong("to"), help: "The audit revision to restore (the number shown by `strangler history`).")
    var revision: Int64?

    @Option(help: "Why, for the audit log.")
    var reason: String?

    @Flag(help: "Print the route file diff without changing anything.")
    var dryRun = false

    @OptionGroup var common: CommonOptions

    func run() async throws {
        do {
            let (result, viaProxy) = try await RouteChange.apply(
                routes: self.common.routes,
                state: self.common.state,
                remote: { client in
                    try await client.send(
                        "POST",
                        "admin/revert",
                        body: RevertBody(
                            to: self.revision,
                            reason: self.reason,
                            actor: Actor.current,
                            dryRun: self.dryRun
                        ),
                        as: RouteTableController.ChangeResult.self
                    )
                },
                local: { controller in
                    try controller.revert(
                        to: self.revision,
                        actor: Actor.current,
                        reason: self.reason,
                        dryRun: self.dryRun
                    )
                }
            )
            RouteChange.report(result, viaProxy: viaProxy)
        } catch {
            printError("revert failed: \(error)")
            throw ExitCode.failure
        }
    }

    private struct RevertBody: Encodable {
        let to: Int64?
        let reason: String?
        let actor: String
        let dryRun: Bool
    }
}
