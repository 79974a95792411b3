import Logging
import ServiceLifecycle
import StranglerCore

/// Flips a feature back to `legacy` by itself when its guard trips: the new side's error rate over the
/// window passed the threshold with enough requests. The flip is written to the route file and audited
/// like any other, with actor `guard` and the measured rate as the reason.
public struct GuardService: Service {
    private let monitor: GuardMonitor
    private let store: RouteTableStore
    private let controller: RouteTableController
    private let logger: Logger
    private let interval: Duration

    public init(
        monitor: GuardMonitor,
        store: RouteTableStore,
        controller: RouteTableController,
        logger: Logger,
        interval: Duration = .milliseconds(250)
    ) {
        self.monitor = monitor
        self.store = store
        self.controller = controller
        self.logger = logger
        self.interval = interval
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: self.interval)
            self.checkOnce()
        }
    }

    /// Checks every guarded feature that the new side answers and rolls back those that trip.
    func checkOnce() {
        for feature in self.store.current.table.features where feature.mode == .canary || feature.mode == .new {
            guard let settings = feature.guardSettings,
                let reason = self.monitor.tripReason(feature: feature.name, settings: settings)
            else { continue }
            do {
                _ = try self.controller.flip(
                    .init(feature: feature.name, mode: .legacy),
                    actor: "guard",
                    reason: reason,
                    dryRun: false
                )
                self.monitor.reset(feature: feature.name)
                self.logger.warning(
                    "guard rolled a feature back to legacy",
                    metadata: [
                        "feature": "\(feature.name)", "reason": "\(reason)",
                    ]
                )
            } catch {
                self.logger.error(
                    "guard could not roll back",
                    metadata: [
                        "feature": "\(feature.name)", "error": "\(error)",
                    ]
                )
            }
        }
    }
}
