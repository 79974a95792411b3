import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the route file on SIGHUP.
public struct SignalReloader: Service {
    private let reloader: RouteReloader

    public init(reloader: RouteReloader) {
        self.reloader = reloader
    }

    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            self.reloader.reload(trigger: "SIGHUP")
        }
    }
}
