import Foundation
import NIOPosix
import Testing

/// Failures upstream and hostile or oversized requests get a clear JSON answer, never a hang.
@Suite(.serialized)
struct SafetyTests {
    @Test func deadUpstreamGivesA502WithTheRequestID() async throws {
        // Bind and close a port so nothing listens on it.
        let origin = try await TestOrigin(group: MultiThreadedEventLoopGroup.singleton)
        let deadPort = origin.port
        try await origin.closeAndWait()
        let proxy = try ProxyProcess(
            routes: ProxyProcess.routes(upstreams: [("legacy", deadPort)], proxy: "  connect_timeout: 1s")
        )
        defer { proxy.stop() }
        let started = ContinuousClock.now
        let response = try RawHTTPConnection(port: proxy.port).request(
            "GET",
            "/api/feed",
            headers: [("X-Request-Id", "r-502")]
        )
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(response.status == 502)
        #expect(response.header("content-type") == "application/json")
        let error = try #require(try response.json()["error"] as? [String: Any])
        #expect(error["code"] as? String == "upstream_unavailable")
        #expect(error["request_id"] as? String == "r-502")
    }

    @Test func slowUpstreamGivesA504() async throws {
        let fixture = try await ProxyFixture.start(proxySettings: "  response_timeout: 300ms")
        defer { fixture.stop() }
        let connection = try fixture.connect()
        let response = try connection.request("GET", "/slow?ms=3000")
        #expect(response.status == 504)
        let error = try #require(try response.json()["error"] as? [String: Any])
        #expect(error["code"] as? String == "upstream_timeout")
        #expect(error["request_id"] as? String == response.header("x-request-id"))
        // The client connection stays usable after a timeout answer.
        #expect(try connection.request("GET", "/echo").status == 200)
    }

    /// Requests whose framing an upstream could read differently than the proxy does.
    static let smugglingAttempts: [(String, String)] = [
        (
            "content-length and transfer-encoding",
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /x HTTP/1.1\r\n\r\n"
        ),
        (
            "conflicting content-lengths",
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello"
        ),
        (
            "content-length list that disagrees",
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5, 7\r\n\r\nhello"
        ),
        (
            "transfer-encoding not ending in chunked",
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
        ),
        (
            "transfer-encoding gzip",
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\nhello"
        ),
        (
            "obs-fold header line",
            "GET /echo HTTP/1.1\r\nHost: t\r\nX-Folded: a\r\n b\r\n\r\n"
        ),
        (
            "malformed chunk size",
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"
        ),
        (
            "chunk size with sign",
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n"
        ),
        (
            "space before colon",
            "GET /echo HTTP/1.1\r\nHost: t\r\nContent-Length : 5\r\n\r\nhello"
        ),
        (
            "two host headers",
            "GET /echo HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"
        ),
    ]

    @Test(arguments: smugglingAttempts.map { $0.0 })
    func rejectsSmugglingAttempt(_ name: String) async throws {
        let raw = try #require(Self.smugglingAttempts.first { $0.0 == name }?.1)
        let fixture = try await ProxyFixture.start()
        defer { fixture.stop() }
        let connection = try fixture.connect()
        try connection.send(raw)
        let response = try connection.readResponse()
        #expect(response.status == 400, "\(name): got \(response.status)")
        #expect(try response.json()["error"] != nil)
        #expect(connection.waitForClose(), "\(name): the connection must close after a framing error")
        #expect(fixture.origin.requestCount == 0, "\(name): reached the upstream")
    }

    @Test func oversizedHeadersGet431() async throws {
        let fixture = try await ProxyFixture.start(proxySettings: "  max_header_bytes: 4KiB")
        defer { fixture.stop() }
        let connection = try fixture.connect()
        try connection.send("GET /echo HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "x", count: 8000))\r\n\r\n")
        let response = try connection.readResponse()
        #expect(response.status == 431)
        #expect(fixture.origin.requestCount == 0)
    }

    @Test func oversizedBodiesGet413() async throws {
        let fixture = try await ProxyFixture.start(proxySettings: "  max_body_bytes: 1KiB")
        defer { fixture.stop() }
        let declared = try fixture.connect().request("POST", "/echo", body: Array(repeating: 0x41, count: 2000))
        #expect(declared.status == 413)
        let connection = try fixture.connect()
        let chunk = String(repeating: "b", count: 600)
        try connection.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n"
        )
        let streamed = try connection.readResponse()
        #expect(streamed.status == 413)
        let error = try #require(try streamed.json()["error"] as? [String: Any])
        #expect(error["code"] as? String == "body_too_large")
    }
}
