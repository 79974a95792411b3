import Foundation
import StranglerCore

/// Route files and tables shared by the tests.
enum Fixtures {
    /// The repository's default route file.
    static func defaultRouteFile() throws -> String {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("routes/routes.yaml")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// A small valid file; validation tests edit one spot of it. Line numbers matter to the tests.
    static let base = """
        version: 1
        listen: 127.0.0.1:8080
        upstreams:
          legacy: http://127.0.0.1:9000
          feed: http://127.0.0.1:9102
        fallback: legacy
        features:
          - name: feed
            routes:
              - { path: /api/feed, methods: [GET] }
            legacy: legacy
            new: feed
            mode: shadow

        """

    /// Two features `a` (routes on line 10) and `b` (routes on line 16); each route is a flow mapping.
    static func twoFeatures(_ routeA: String, _ routeB: String) -> String {
        """
        version: 1
        listen: 127.0.0.1:8080
        upstreams:
          legacy: http://127.0.0.1:9000
          feed: http://127.0.0.1:9102
        fallback: legacy
        features:
          - name: a
            routes:
              - \(routeA)
            legacy: legacy
            new: feed
            mode: legacy
          - name: b
            routes:
              - \(routeB)
            legacy: legacy
            new: feed
            mode: legacy

        """
    }

    /// `base` with the first occurrence of `target` replaced.
    static func base(replacing target: String, with replacement: String) -> String {
        guard let range = base.range(of: target) else { fatalError("'\(target)' is not in the base file") }
        return base.replacingCharacters(in: range, with: replacement)
    }

    /// A table whose features each own the given routes (`"GET /a"`, `"* /b/*"`), unvalidated.
    static func table(_ features: [[String]]) throws -> RouteTable {
        let upstreams = [Upstream(name: "legacy", host: "127.0.0.1", port: 9000)]
        var result: [Feature] = []
        for (index, routes) in features.enumerated() {
            var parsed: [Route] = []
            for route in routes {
                let parts = route.split(separator: " ")
                let methods = parts[0] == "*" ? nil : Set(parts[0].split(separator: ",").map(String.init))
                parsed.append(Route(path: try PathPattern(String(parts[1])), methods: methods))
            }
            result.append(Feature(name: "f\(index)", routes: parsed, legacy: "legacy", new: "legacy"))
        }
        return RouteTable(
            listen: HostPort(host: "127.0.0.1", port: 8080),
            upstreams: upstreams,
            fallback: "legacy",
            features: result
        )
    }
}
