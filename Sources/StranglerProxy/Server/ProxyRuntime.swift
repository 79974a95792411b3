import Logging

/// What every connection handler of one proxy shares: the route table, the admin token (for the force
/// and debug headers), the guard's error windows and the logger.
final class ProxyRuntime: Sendable {
    let routes: RouteTableStore
    let token: AdminToken?
    let guardMonitor: GuardMonitor
    let logger: Logger

    init(routes: RouteTableStore, token: AdminToken?, guardMonitor: GuardMonitor, logger: Logger) {
        self.routes = routes
        self.token = token
        self.guardMonitor = guardMonitor
        self.logger = logger
    }
}
