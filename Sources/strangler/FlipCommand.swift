import ArgumentParser
import StranglerCore
import StranglerProxy

/// `strangler flip`: move one feature through legacy → shadow → canary N% → new, and back.
struct FlipCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flip",
        abstract: "Set a feature's mode (and canary percent), live and audited.",
        discussion: """
            Edits the feature's `mode:` and `percent:` in the route file in place (comments and layout are \
            kept), validates the result, and has the running proxy reload it; in-flight requests finish on the \
            table they started with. Every flip is appended to the audit log (see `strangler history`) and \
            can be undone with `strangler revert`. When no proxy is running, the file and the audit log are \
            changed directly and the proxy serves the new table when it starts.

            Examples:
              strangler flip feed shadow --reason "prove parity"
              strangler flip feed canary --percent 10
              strangler flip feed new
              strangler flip feed legacy --reason "p99 regression"
              strangler flip feed canary --percent 50 --dry-run
            """
    )

    @Argument(help: "The feature to flip, as named in the route file.")
    var feature: String

    @Argument(help: "The mode: legacy, shadow, canary or new.")
    var mode: Mode

    @Option(help: "Canary share of users sent to the new side, 0-100 (kept when omitted).")
    var percent: Int?

    @Option(help: "Why, for the audit log.")
    var reason: String?

    @Flag(help: "Print the route file diff without changing anything.")
    var dryRun = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let percent, !(0...100).contains(percent) {
            throw ValidationError("--percent must be between 0 and 100")
        }
        if self.mode == .canary && self.percent == nil {
            // Allowed: keeps the current percent. Nothing to validate.
        }
    }

    func run() async throws {
        let flip = RouteFileEditor.Flip(feature: self.feature, mode: self.mode, percent: self.percent)
        do {
            let (result, viaProxy) = try await RouteChange.apply(
                routes: self.common.routes,
                state: self.common.state,
                remote: { client in
                    try await client.send(
                        "POST",
                        "admin/flip",
                        body: FlipBody(
                            feature: self.feature,
                            mode: self.mode.rawValue,
                            percent: self.percent,
                            reason: self.reason,
                            actor: Actor.current,
                            dryRun: self.dryRun
                        ),
                        as: RouteTableController.ChangeResult.self
                    )
                },
                local: { controller in
                    try controller.flip(flip, actor: Actor.current, reason: self.reason, dryRun: self.dryRun)
                }
            )
            RouteChange.report(result, viaProxy: viaProxy)
        } catch {
            printError("flip failed: \(error)")
            throw ExitCode.failure
        }
    }

    private struct FlipBody: Encodable {
        let feature: String
        let mode: String
        let percent: Int?
        let reason: String?
        let actor: String
        let dryRun: Bool
    }
}

extension Mode: ExpressibleByArgument {}
