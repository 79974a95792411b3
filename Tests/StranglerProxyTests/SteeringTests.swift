import Foundation
import NIOPosix
import StranglerAudit
import StranglerCore
import Testing

/// Modes, sticky canaries, the force header, fallback, guard, flips under load, and the audit log.
@Suite(.serialized)
struct SteeringTests {
    @Test func modesSendUsersToTheRightSide() async throws {
        let fixture = try await SteeringFixture.start(mode: "legacy")
        defer { fixture.stop() }
        #expect(try fixture.origin().origin == "legacy")
        for (mode, expected) in [("shadow", "legacy"), ("new", "new"), ("legacy", "legacy")] {
            #expect(try fixture.flip(mode).status == 200)
            #expect(try fixture.origin().origin == expected, "mode \(mode)")
        }
        // Routes no feature owns stay on the fallback whatever the mode.
        #expect(try fixture.flip("new").status == 200)
        #expect(try fixture.origin("/other").origin == "legacy")
    }

    @Test func forceHeaderNeedsTheAdminToken() async throws {
        let fixture = try await SteeringFixture.start(mode: "legacy")
        defer { fixture.stop() }
        let forced = [("X-Strangler-Force", "new")]
        #expect(try fixture.origin(headers: forced).origin == "legacy")
        #expect(try fixture.origin(headers: forced + [("X-Strangler-Token", "not-the-token")]).origin == "legacy")
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        let plain = try connection.request("GET", "/api/feed", headers: forced)
        #expect(plain.header("x-strangler-side") == nil, "internals leak without the token")
        let authorized = try connection.request(
            "GET",
            "/api/feed",
            headers: forced + [("X-Strangler-Token", fixture.proxy.token)]
        )
        #expect(authorized.header("x-origin") == "new")
        #expect(authorized.header("x-strangler-side") == "new")
        #expect(authorized.header("x-strangler-feature") == "feed")
        // The force and token headers never reach an upstream.
        let echo = try JSONDecoder().decode(EchoReply.self, from: Data(authorized.body))
        #expect(echo.header("x-strangler-token").isEmpty && echo.header("x-strangler-force").isEmpty)
    }

    @Test func canaryIsStickyAndNearItsPercent() async throws {
        let fixture = try await SteeringFixture.start(mode: "canary", percent: 30)
        defer { fixture.stop() }
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        var sides: [String: String] = [:]
        for user in 0..<1000 {
            let response = try connection.request("GET", "/api/feed", headers: [("X-User-Id", "user-\(user)")])
            sides["user-\(user)"] = response.header("x-origin")
        }
        let share = Double(sides.values.filter { $0 == "new" }.count) / Double(sides.count)
        #expect(abs(share - 0.30) < 0.05, "share on new: \(share)")
        for user in stride(from: 0, to: 1000, by: 7) {
            let again = try connection.request("GET", "/api/feed", headers: [("X-User-Id", "user-\(user)")])
            #expect(again.header("x-origin") == sides["user-\(user)"], "user-\(user) moved")
        }
        // Raising the percent never moves a user from new back to legacy.
        #expect(try fixture.flip("canary", percent: 60).status == 200)
        for (user, side) in sides where side == "new" {
            #expect(
                try connection.request("GET", "/api/feed", headers: [("X-User-Id", user)]).header("x-origin") == "new"
            )
        }
    }

    @Test func canaryWithoutAKeyKeepsTheUserByCookie() async throws {
        let fixture = try await SteeringFixture.start(mode: "canary", percent: 50)
        defer { fixture.stop() }
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        let first = try connection.request("GET", "/api/feed")
        let cookie = try #require(first.header("set-cookie"))
        #expect(cookie.hasPrefix("strangler-feed="))
        let pair = String(cookie.split(separator: ";")[0])
        for _ in 0..<20 {
            let next = try connection.request("GET", "/api/feed", headers: [("Cookie", pair)])
            #expect(next.header("x-origin") == first.header("x-origin"))
            #expect(next.header("set-cookie") == nil)
        }
    }

    @Test func idempotentRequestsFallBackToLegacyWhenNewIsDown() async throws {
        let dead = try await TestOrigin(group: MultiThreadedEventLoopGroup.singleton)
        let deadPort = dead.port
        try await dead.closeAndWait()
        let fixture = try await SteeringFixture.start(mode: "new", newPort: deadPort)
        defer { fixture.stop() }
        #expect(try fixture.origin().status == 200)
        #expect(try fixture.origin().origin == "legacy")
        let post = try RawHTTPConnection(port: fixture.proxy.port).request("POST", "/api/feed", body: Array("x".utf8))
        #expect(post.status == 502, "a POST is never replayed on the other side")
        let metrics = try fixture.proxy.admin.call("GET", "/metrics").text
        #expect(metrics.contains(#"strangler_fallbacks_total{feature="feed"} 2"#))
    }

    @Test func fiveHundredsOnNewFallBackToLegacy() async throws {
        let fixture = try await SteeringFixture.start(mode: "new", newFailsWith: 503)
        defer { fixture.stop() }
        let answer = try fixture.origin()
        #expect(answer.status == 200)
        #expect(answer.origin == "legacy")
        #expect(fixture.new.requestCount == 1)
    }

    @Test func guardFlipsTheFeatureBackAndSaysWhy() async throws {
        let fixture = try await SteeringFixture.start(
            mode: "new",
            extra: "guard: { window: 30s, min_requests: 5, max_error_pct: 50 }",
            newFailsWith: 500
        )
        defer { fixture.stop() }
        for _ in 0..<6 { #expect(try fixture.origin().origin == "legacy") }
        #expect(try await eventually { try fixture.servedMode() == "legacy" })
        let routes = try String(contentsOf: fixture.proxy.routesFile, encoding: .utf8)
        #expect(routes.contains("mode: legacy"))
        let history = try fixture.proxy.admin.call("GET", "/admin/history?feature=feed").json(array: true)
        let latest = try #require(history.first)
        #expect(latest["actor"] as? String == "guard")
        #expect((latest["reason"] as? String)?.contains("error rate") == true)
    }

    @Test func historySurvivesSIGKILLRightAfterAFlip() async throws {
        let fixture = try await SteeringFixture.start(mode: "legacy")
        defer { fixture.stop() }
        #expect(try fixture.flip("canary", percent: 20).status == 200)
        fixture.proxy.signal(SIGKILL)
        #expect(try await eventually { !fixture.proxy.process.isRunning })
        let audit = try AuditLog(path: fixture.proxy.directory.appendingPathComponent("state/audit.sqlite").path)
        let latest = try #require(try audit.latest())
        #expect(latest.trigger == "flip")
        #expect(latest.changes.first?.to == "canary 20%")
    }

    @Test func zeroFailedRequestsWhileFlippingAHundredTimes() async throws {
        let fixture = try await SteeringFixture.start(mode: "legacy")
        defer { fixture.stop() }
        let port = fixture.proxy.port
        let done = LockedFlag()
        let results = LockedCounts()
        let clients = (0..<4).map { client in
            BlockingThread.detached {
                do {
                    var connection = try RawHTTPConnection(port: port)
                    var i = 0
                    while !done.value {
                        i += 1
                        let response = try connection.request(
                            "GET",
                            "/api/feed",
                            headers: [("X-User-Id", "u\(client)-\(i % 50)")]
                        )
                        results.record(ok: response.status == 200)
                        if connection.closedByPeer { connection = try RawHTTPConnection(port: port) }
                    }
                } catch {
                    results.record(ok: false)
                }
            }
        }
        // The load must be running before the changes start.
        #expect(try await eventually { results.succeeded >= 20 })
        let stages: [(String, Int?)] = [("shadow", nil), ("canary", 10), ("canary", 50), ("new", nil), ("legacy", nil)]
        for i in 0..<100 {
            let (mode, percent) = stages[i % stages.count]
            #expect(try fixture.flip(mode, percent: percent).status == 200)
        }
        done.set()
        for client in clients { await client.value }
        #expect(results.failed == 0)
        #expect(results.succeeded > 100)
        #expect(fixture.new.requestCount > 0 && fixture.legacy.requestCount > 0)
    }

    @Test func everyAdminRouteNeedsTheToken() async throws {
        let fixture = try await SteeringFixture.start(mode: "legacy")
        defer { fixture.stop() }
        let routes = [
            ("GET", "/admin/status"), ("GET", "/admin/routes"), ("GET", "/admin/explain?method=GET&path=/api/feed"),
            ("POST", "/admin/reload"), ("POST", "/admin/flip"), ("POST", "/admin/revert"), ("GET", "/admin/history"),
            ("GET", "/metrics"),
        ]
        for (method, path) in routes {
            #expect(
                try AdminClient(port: fixture.proxy.adminPort, token: nil).call(method, path).status == 401,
                "\(path)"
            )
            #expect(
                try AdminClient(port: fixture.proxy.adminPort, token: "nope").call(method, path).status == 401,
                "\(path)"
            )
        }
        #expect(try fixture.proxy.admin.call("GET", "/admin/routes").status == 200)
    }
}
