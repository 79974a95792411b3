import Logging

/// What every connection handler of one proxy shares: the route table and the logger.
final class ProxyRuntime: Sendable {
    let routes: RouteTableStore
    let logger: Logger

    init(routes: RouteTableStore, logger: Logger) {
        self.routes = routes
        self.logger = logger
    }
}
