import Foundation
import NIOPosix

/// A legacy origin, a new origin and a proxy with one feature, `feed`, owning `/api/*` between them.
struct SteeringFixture {
    let legacy: TestOrigin
    let new: TestOrigin
    let proxy: ProxyProcess

    /// - Parameters:
    ///   - newPort: Send the new side here instead of to the `new` origin (e.g. a dead port).
    ///   - newFailsWith: The new origin answers every request with this status.
    static func start(
        mode: String,
        percent: Int = 0,
        extra: String = "",
        newPort: Int? = nil,
        newFailsWith: Int? = nil
    ) async throws -> SteeringFixture {
        let group = MultiThreadedEventLoopGroup.singleton
        let legacy = try await TestOrigin(group: group, name: "legacy")
        let new = try await TestOrigin(group: group, name: "new", failWith: newFailsWith)
        let features = """
            features:
              - name: feed
                routes:
                  - { path: /api/* }
                legacy: legacy
                new: new
                mode: \(mode)
                percent: \(percent)
                sticky: header:X-User-Id
            \(extra.split(separator: "\n").map { "    \($0)" }.joined(separator: "\n"))
            """
        let proxy = try ProxyProcess(
            routes: ProxyProcess.routes(
                upstreams: [("legacy", legacy.port), ("new", newPort ?? new.port)],
                proxy: "  connect_timeout: 500ms\n  response_timeout: 2s",
                features: features
            )
        )
        return SteeringFixture(legacy: legacy, new: new, proxy: proxy)
    }

    /// Which origin answered a GET of `path`.
    func origin(_ path: String = "/api/feed", headers: [(String, String)] = []) throws -> (status: Int, origin: String?)
    {
        let response = try RawHTTPConnection(port: self.proxy.port).request("GET", path, headers: headers)
        return (response.status, response.header("x-origin"))
    }

    func flip(_ mode: String, percent: Int? = nil) throws -> RawHTTPConnection.Response {
        var body = #"{"feature":"feed","mode":"\#(mode)""#
        if let percent { body += #","percent":\#(percent)"# }
        body += "}"
        return try RawHTTPConnection(port: self.proxy.adminPort).request(
            "POST",
            "/admin/flip",
            headers: [("Authorization", "Bearer \(self.proxy.token)"), ("Content-Type", "application/json")],
            body: Array(body.utf8)
        )
    }

    /// The mode of `feed` in the table the proxy serves.
    func servedMode() throws -> String? {
        let features = try self.proxy.admin.status()["features"] as? [[String: Any]]
        return features?.first { $0["name"] as? String == "feed" }?["mode"] as? String
    }

    func stop() {
        self.proxy.stop()
        self.legacy.close()
        self.new.close()
    }
}
