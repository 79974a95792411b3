import Foundation
import ServiceTestSupport
import Testing

struct RequestIDTests {
    @Test func requestIDIsEchoedOrGenerated() async throws {
        try await StubProcess.with { stub in
            let echoed = try stub.client.get("/api/users/1", headers: ["X-Request-Id": "test-req-123"])
            #expect(echoed.headers["x-request-id"] == "test-req-123")

            let generated = try stub.client.get("/api/users/1")
            let id = try #require(generated.headers["x-request-id"])
            #expect(id.count == 32)

            let notFound = try stub.client.get("/no/such/route", headers: ["X-Request-Id": "lost-1"])
            #expect(notFound.status == 404)
            #expect(notFound.headers["x-request-id"] == "lost-1")
            #expect(try notFound.errorCode() == ("not_found", "lost-1"))

            let wrongMethod = try stub.client.send("DELETE", "/api/videos/1")
            #expect(wrongMethod.status == 405)
            #expect(try wrongMethod.errorCode().code == "method_not_allowed")
        }
    }
}
