import Foundation
import Testing

/// SIGTERM drains: the request in flight is answered, then the proxy exits cleanly.
@Suite(.serialized)
struct ShutdownTests {
    @Test func sigtermLetsInFlightRequestsFinish() async throws {
        let fixture = try await ProxyFixture.start()
        defer { fixture.stop() }
        let port = fixture.proxy.port
        let result = LockedCounts()
        let client = BlockingThread.detached {
            let response = try? RawHTTPConnection(port: port).request("GET", "/slow?ms=1500")
            result.record(ok: response?.status == 200)
        }
        // The origin counts a request once it has it whole: then it is in flight in the proxy.
        #expect(try await eventually { fixture.origin.requestCount == 1 })
        fixture.proxy.signal(SIGTERM)
        await client.value
        #expect(result.succeeded == 1)
        #expect(try await eventually { !fixture.proxy.process.isRunning })
        #expect(fixture.proxy.process.terminationStatus == 0)
    }
}
