import Foundation
import Testing

/// The proxy forwards requests and answers faithfully: headers, framing, keep-alive, interim answers.
@Suite(.serialized)
struct ForwardingTests {
    @Test func forwardsRequestAndAddsProxyHeaders() async throws {
        let fixture = try await ProxyFixture.start()
        defer { fixture.stop() }
        let connection = try fixture.connect()
        let response = try connection.request(
            "GET",
            "/api/things?x=1",
            headers: [("Host", "shop.example"), ("X-Forwarded-For", "10.1.2.3")]
        )
        #expect(response.status == 200)
        let echo = try JSONDecoder().decode(EchoReply.self, from: Data(response.body))
        #expect(echo.uri == "/api/things?x=1")
        #expect(echo.header("host") == ["shop.example"])
        #expect(echo.header("x-forwarded-for") == ["10.1.2.3, 127.0.0.1"])
        #expect(echo.header("x-forwarded-proto") == ["http"])
        #expect(echo.header("x-forwarded-host") == ["shop.example"])
        let requestID = try #require(response.header("x-request-id"))
        #expect(requestID.count == 32)
        #expect(echo.header("x-request-id") == [requestID])
    }

    @Test func keepsTheClientsRequestID() async throws {
        let fixture = try await ProxyFixture.start()
        defer { fixture.stop() }
        let response = try fixture.connect().request("GET", "/echo", headers: [("X-Request-Id", "client-id-42")])
        let echo = try JSONDecoder().decode(EchoReply.self, from: Data(response.body))
        #expect(echo.header("x-request-id") == ["client-id-42"])
        #expect(response.header("x-request-id") == "client-id-42")
    }

    @Test func stripsHopByHopHeadersBothWays() async throws {
        let fixture = try await ProxyFixture.start()
        defer { fixture.stop() }
        let response = try fixture.connect().request(
            "GET",
            "/echo",
            headers: [
                ("Connection", "keep-alive, X-Secret"), ("X-Secret", "1"), ("Keep-Alive", "timeout=5"),
                ("TE", "trailers"), ("Proxy-Authorization", "Basic Zm9v"), ("X-Kept", "yes"),
            ]
        )
        let echo = try JSONDecoder().decode(EchoReply.self, from: Data(response.body))
        for name in ["connection", "x-secret", "keep-alive", "te", "proxy-authorization"] {
            #expect(echo.header(name).isEmpty, "\(name) reached the upstream")
        }
        #expect(echo.header("x-kept") == ["yes"])
        #expect(response.header("connection") == nil || response.header("connection") == "keep-alive")
    }

    @Test func reusesConnectionsOnBothSides() async throws {
        let fixture = try await ProxyFixture.start()
        defer { fixture.stop() }
        let connection = try fixture.connect()
        for i in 0..<25 {
            let response = try connection.request("GET", "/echo?i=\(i)")
            #expect(response.status == 200)
        }
        #expect(fixture.origin.requestCount == 25)
        #expect(fixture.origin.connectionCount == 1)
        #expect(!connection.closedByPeer)
    }

    @Test func closesAnUpstreamConnectionThatIdledPastTheIdleTimeout() async throws {
        let fixture = try await ProxyFixture.start(proxySettings: "  idle_timeout: 1s")
        defer { fixture.stop() }
        let clock = ContinuousClock()
        let sent = clock.now
        #expect(try fixture.connect().request("GET", "/echo").status == 200)
        #expect(try await eventually { fixture.origin.closedConnectionCount == 1 })
        // The proxy closed the pooled connection at its idle deadline, not before.
        #expect(clock.now - sent >= .milliseconds(900))
        // The next request goes on a fresh connection.
        #expect(try fixture.connect().request("GET", "/echo").status == 200)
        #expect(fixture.origin.connectionCount == 2)
    }

    @Test func streamsChunkedBodiesBothWays() async throws {
        let fixture = try await ProxyFixture.start()
        defer { fixture.stop() }
        let connection = try fixture.connect()
        try connection.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
        )
        let posted = try connection.readResponse()
        let echo = try JSONDecoder().decode(EchoReply.self, from: Data(posted.body))
        #expect(echo.bodyBytes == 11)
        #expect(echo.bodySHA256 == sha256Hex(Array("hello world".utf8)))

        let chunked = try connection.request("GET", "/chunked?n=50")
        #expect(chunked.header("transfer-encoding") == "chunked")
        #expect(chunked.text == (0..<50).map { "chunk-\($0)\n" }.joined())
    }

    @Test func headResponsesCarryNoBodyAndKeepTheConnectionUsable() async throws {
        let fixture = try await ProxyFixture.start()
        defer { fixture.stop() }
        let connection = try fixture.connect()
        let head = try connection.request("HEAD", "/bytes?n=5000")
        #expect(head.status == 200)
        #expect(head.header("content-length") == "5000")
        let next = try connection.request("GET", "/bytes?n=10")
        #expect(next.text == "aaaaaaaaaa")
    }

    @Test func relaysOneHundredContinue() async throws {
        let fixture = try await ProxyFixture.start()
        defer { fixture.stop() }
        let connection = try fixture.connect()
        try connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        let interim = try connection.readResponse(returnInterim: true)
        #expect(interim.status == 100)
        try connection.send("ping")
        let response = try connection.readResponse()
        #expect(response.status == 200)
        let echo = try JSONDecoder().decode(EchoReply.self, from: Data(response.body))
        #expect(echo.bodyBytes == 4)
    }

    @Test func absoluteFormTargetsNeverReachAnotherHost() async throws {
        let fixture = try await ProxyFixture.start()
        defer { fixture.stop() }
        let response = try fixture.connect().request(
            "GET",
            "http://evil.example:9999/steal?x=1",
            headers: [("Host", "evil.example:9999")]
        )
        #expect(response.status == 200)
        let echo = try JSONDecoder().decode(EchoReply.self, from: Data(response.body))
        #expect(echo.origin == "legacy")
        #expect(echo.uri == "/steal?x=1")
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let fixture = try await ProxyFixture.start()
        defer { fixture.stop() }
        let connection = try fixture.connect()
        let burst = (0..<5).map { "GET /slow?ms=\(50 - $0 * 10)&n=\($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined()
        try connection.send(burst)
        for n in 0..<5 {
            let response = try connection.readResponse()
            let echo = try JSONDecoder().decode(EchoReply.self, from: Data(response.body))
            #expect(echo.uri.hasSuffix("n=\(n)"), "answer \(n) out of order: \(echo.uri)")
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        let fixture = try await ProxyFixture.start()
        defer { fixture.stop() }
        let connection = try fixture.connect()
        let response = try connection.request("GET", "/echo", headers: [("Connection", "close")])
        #expect(response.status == 200)
        #expect(response.header("connection") == "close")
        #expect(connection.waitForClose())
    }
}
