import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the route file on SIGHUP.
public struct SignalReloader: Service {
    private let controller: RouteTableController

    public init(controller: RouteTableController) {
        self.controller = controller
    }

    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            self.controller.reload(trigger: "SIGHUP")
        }
    }
}
