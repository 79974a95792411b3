import Foundation
import ServiceTestSupport
import Testing

struct FaultInjectionTests {
    @Test func errorRateOneAnswersEveryAPIRequestWithJSON500() async throws {
        try await StubProcess.with(arguments: ["--error-rate", "1"]) { stub in
            let reply = try stub.client.get("/api/users/1")
            #expect(reply.status == 500)
            #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true)
            let error = try reply.errorCode()
            #expect(error.code == "injected_fault")
            #expect(error.requestID == reply.headers["x-request-id"])
        }
    }

    @Test func noiseAddsServedAtAndViewCount() async throws {
        try await StubProcess.with(environment: ["LEGACY_NOISE": "1"]) { stub in
            let user = try stub.client.get("/api/users/2").json()
            let servedAt = try #require(user["served_at"] as? String)
            #expect(servedAt.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)

            let video = try stub.client.get("/api/videos/1").json()
            #expect(video["view_count"] is Int)
            #expect(video["served_at"] is String)
            let feed = try stub.client.get("/api/feed?user_id=1&limit=2").json()
            #expect((feed["items"] as? [[String: Any]])?.allSatisfy { $0["view_count"] is Int } == true)
        }
    }
}
