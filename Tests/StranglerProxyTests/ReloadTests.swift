import Foundation
import NIOPosix
import Testing

/// The route table changes live: by file watch, SIGHUP and the admin API; bad files change nothing.
@Suite(.serialized)
struct ReloadTests {
    /// Two origins, `a` and `b`, and a proxy whose fallback is `a`.
    struct TwoOrigins {
        let a: TestOrigin
        let b: TestOrigin
        let proxy: ProxyProcess

        func routes(fallback: String) -> String {
            ProxyProcess.routes(upstreams: [
                (fallback, fallback == "a" ? self.a.port : self.b.port),
                (fallback == "a" ? "b" : "a", fallback == "a" ? self.b.port : self.a.port),
            ])
        }

        func origin(of connection: RawHTTPConnection) throws -> String? {
            try connection.request("GET", "/status?code=200").header("x-origin")
        }

        func stop() {
            self.proxy.stop()
            self.a.close()
            self.b.close()
        }
    }

    static func start(linkRoutesFromElsewhere: Bool = false) async throws -> TwoOrigins {
        let group = MultiThreadedEventLoopGroup.singleton
        let a = try await TestOrigin(group: group, name: "a")
        let b = try await TestOrigin(group: group, name: "b")
        let routes = ProxyProcess.routes(upstreams: [("a", a.port), ("b", b.port)])
        return TwoOrigins(a: a, b: b, proxy: try ProxyProcess(routes: routes))
    }

    @Test func fileWatchReloadsAnEditorStyleSave() async throws {
        let fixture = try await Self.start()
        defer { fixture.stop() }
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        #expect(try fixture.origin(of: connection) == "a")
        try fixture.proxy.replaceRoutes(fixture.routes(fallback: "b"))
        #expect(try await eventually { try fixture.origin(of: connection) == "b" })
        #expect(try fixture.proxy.admin.status()["revision"] as? Int == 2)
    }

    @Test func badRouteFileKeepsTheOldTableAndSaysWhere() async throws {
        let fixture = try await Self.start()
        defer { fixture.stop() }
        let broken = fixture.routes(fallback: "a").replacingOccurrences(of: "fallback: a", with: "fallback: nowhere")
        try fixture.proxy.replaceRoutes(broken)
        var lastError = ""
        #expect(
            try await eventually {
                lastError = (try fixture.proxy.admin.status()["last_error"] as? String) ?? ""
                return !lastError.isEmpty
            }
        )
        let lineOfFallback =
            broken.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("fallback:") }! + 1
        #expect(lastError.contains("routes.yaml:\(lineOfFallback):11:"), "got: \(lastError)")
        #expect(lastError.contains("nowhere"))
        let status = try fixture.proxy.admin.status()
        #expect(status["revision"] as? Int == 1)
        #expect(try fixture.origin(of: RawHTTPConnection(port: fixture.proxy.port)) == "a")

        // A good file clears the error.
        try fixture.proxy.replaceRoutes(fixture.routes(fallback: "b"))
        #expect(try await eventually { try fixture.proxy.admin.status()["revision"] as? Int == 2 })
        #expect(try fixture.proxy.admin.status()["last_error"] is NSNull)
    }

    @Test func adminReloadReportsTheOutcome() async throws {
        let fixture = try await Self.start()
        defer { fixture.stop() }
        let bad = "version: 1\nlisten: [oops\n"
        try fixture.proxy.replaceRoutes(bad)
        let rejected = try fixture.proxy.admin.call("POST", "/admin/reload")
        #expect(rejected.status == 422)
        let message = try #require(try rejected.json()["error"] as? String)
        #expect(message.range(of: #"routes\.yaml:\d+:\d+: "#, options: .regularExpression) != nil, "got: \(message)")

        try fixture.proxy.replaceRoutes(fixture.routes(fallback: "b"))
        let accepted = try fixture.proxy.admin.call("POST", "/admin/reload")
        #expect(accepted.status == 200)
        #expect(try #require(try accepted.json()["revision"] as? Int) >= 2)
    }

    @Test func restoringTheServedFileClearsTheError() async throws {
        let fixture = try await Self.start()
        defer { fixture.stop() }
        try fixture.proxy.replaceRoutes("version: 1\nlisten: [oops\n")
        #expect(try fixture.proxy.admin.call("POST", "/admin/reload").status == 422)
        try fixture.proxy.replaceRoutes(fixture.routes(fallback: "a"))
        #expect(try fixture.proxy.admin.call("POST", "/admin/reload").status == 200)
        let status = try fixture.proxy.admin.status()
        #expect(status["last_error"] is NSNull)
        #expect(status["revision"] as? Int == 1)
    }

    @Test func sighupReloads() async throws {
        let fixture = try await Self.start()
        defer { fixture.stop() }
        try fixture.proxy.replaceRoutes(fixture.routes(fallback: "b"))
        fixture.proxy.signal(SIGHUP)
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        #expect(try await eventually { try fixture.origin(of: connection) == "b" })
        #expect(fixture.proxy.process.isRunning, "SIGHUP must not stop the proxy")
    }

    @Test func adminRoutesNeedTheToken() async throws {
        let fixture = try await Self.start()
        defer { fixture.stop() }
        for token in [nil, "wrong-token", String(fixture.proxy.token.dropLast())] {
            let client = AdminClient(port: fixture.proxy.adminPort, token: token)
            #expect(try client.call("GET", "/admin/status").status == 401)
            #expect(try client.call("POST", "/admin/reload").status == 401)
        }
        #expect(try fixture.proxy.admin.call("GET", "/admin/status").status == 200)
    }

    @Test func twoHundredReloadsUnderLoadFailNoRequest() async throws {
        let fixture = try await Self.start()
        defer { fixture.stop() }
        let port = fixture.proxy.port
        let done = LockedFlag()
        let results = LockedCounts()
        let clients = (0..<4).map { _ in
            BlockingThread.detached {
                do {
                    var connection = try RawHTTPConnection(port: port)
                    while !done.value {
                        let response = try connection.request("GET", "/echo")
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
        for i in 0..<200 {
            try fixture.proxy.replaceRoutes(fixture.routes(fallback: i % 2 == 0 ? "b" : "a"))
            let reload = try fixture.proxy.admin.call("POST", "/admin/reload")
            #expect(reload.status == 200)
        }
        done.set()
        for client in clients { await client.value }
        #expect(results.failed == 0)
        #expect(results.succeeded > 200)
        #expect(try fixture.proxy.admin.status()["revision"] as? Int ?? 0 > 100)
    }
}
