import Foundation
import StranglerCore
import Testing

struct ExplainTests {
    static func compiled(mode: String) throws -> CompiledRouteTable {
        let yaml = try Fixtures.defaultRouteFile()
            .replacingOccurrences(
                of: "new: feed\n    mode: legacy\n    percent: 0",
                with: "new: feed\n    mode: \(mode)"
            )
        return CompiledRouteTable(try RouteTableParser.parse(yaml, file: "routes.yaml"))
    }

    @Test func explainsACanaryRequestWithItsStickyBucket() throws {
        let text = try Self.compiled(mode: "canary\n    percent: 95")
            .explain(method: "get", path: "/api/feed?limit=5", headers: [("X-User-Id", "alice")])
        let bob = try Self.compiled(mode: "canary\n    percent: 50")
            .explain(method: "GET", path: "/api/feed", headers: [("x-user-id", "bob")])
        #expect(bob.contains("bucket 5024 of 10000, not below 5000"), "\(bob)")
        #expect(bob.contains("answer:   legacy -> upstream 'legacy'"))
        #expect(text.contains("request:  GET /api/feed?limit=5"))
        #expect(text.contains("path:     /api/feed (the query string is not matched)"))
        #expect(text.contains("feature:  feed, route 1 'GET /api/feed' (exact path)"))
        #expect(text.contains("mode:     canary 95%"))
        // feed:alice is bucket 9408 (see StickyBucketTests), below 9500.
        #expect(text.contains("sticky:   header:X-User-Id = \"alice\" -> bucket 9408 of 10000, below 9500"))
        #expect(text.contains("answer:   new -> upstream 'feed' (http://127.0.0.1:9102)"))
        #expect(text.contains("shadow:   legacy -> upstream 'legacy' (http://127.0.0.1:9000), for every request"))
    }

    @Test func explainsACanaryRequestWithoutAKey() throws {
        let text = try Self.compiled(mode: "canary\n    percent: 30").explain(
            method: "GET",
            path: "/api/feed",
            headers: []
        )
        #expect(
            text.contains("the request has no header:X-User-Id: each request gets a random bucket (30% chance of new)")
        )
        #expect(text.contains("for 30% of such requests, else legacy"))
    }

    @Test func explainsTheFallback() throws {
        let text = try Self.compiled(mode: "legacy").explain(method: "POST", path: "/api/auth/login", headers: [])
        #expect(text.contains("feature:  none: no feature's route matches POST /api/auth/login"))
        #expect(text.contains("answer:   fallback upstream 'legacy' (http://127.0.0.1:9000)"))
    }

    @Test func explainsPrecedenceAndSkippedRoutes() throws {
        let yaml = Fixtures.twoFeatures("{ path: /api/*, methods: [GET] }", #"{ path: "/api/{x}", methods: [GET] }"#)
            .replacingOccurrences(
                of: "- { path: /api/*",
                with: "- { path: /api/x, methods: [POST] }\n      - { path: /api/*"
            )
        let compiled = CompiledRouteTable(try RouteTableParser.parse(yaml, file: "r.yaml"))
        let text = compiled.explain(method: "GET", path: "/api/x", headers: [])
        #expect(text.contains("feature:  b, route 1 'GET /api/{x}' (segment pattern)"), "\(text)")
        #expect(text.contains("skipped: feature 'a' route 1 'POST /api/x' (exact path): GET is not one of its methods"))
        #expect(text.contains("also matches, lower precedence: feature 'a' route 2 'GET /api/*' (prefix)"))
    }

    @Test func explainsShadowOfWrites() throws {
        let text = try Self.compiled(mode: "shadow").explain(method: "POST", path: "/api/feed", headers: [])
        #expect(text.contains("feature:  none"))
        let upload = try Self.compiled(mode: "shadow")
        let uploadText = upload.explain(method: "POST", path: "/api/videos", headers: [])
        #expect(uploadText.contains("shadow:   none (mode legacy mirrors nothing)"))
        let feed = try Self.compiled(mode: "shadow").explain(method: "GET", path: "/api/feed", headers: [])
        #expect(feed.contains("answer:   legacy -> upstream 'legacy'"))
        #expect(feed.contains("shadow:   new -> upstream 'feed' (http://127.0.0.1:9102), for every request"))
    }
}
