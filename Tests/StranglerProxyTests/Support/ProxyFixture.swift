import NIOPosix

/// An origin (or two) and a proxy in front of them: the common setup of the end-to-end tests.
struct ProxyFixture {
    let origin: TestOrigin
    let proxy: ProxyProcess

    /// Starts one origin named `legacy` and a proxy whose fallback is that origin.
    static func start(proxySettings: String = "", features: String = "features: []") async throws -> ProxyFixture {
        let origin = try await TestOrigin(group: MultiThreadedEventLoopGroup.singleton, name: "legacy")
        let proxy = try ProxyProcess(
            routes: ProxyProcess.routes(upstreams: [("legacy", origin.port)], proxy: proxySettings, features: features)
        )
        return ProxyFixture(origin: origin, proxy: proxy)
    }

    func connect() throws -> RawHTTPConnection {
        try RawHTTPConnection(port: self.proxy.port)
    }

    func stop() {
        self.proxy.stop()
        self.origin.close()
    }
}
