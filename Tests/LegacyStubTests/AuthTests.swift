import Foundation
import ServiceTestSupport
import Testing

struct AuthTests {
    @Test func loginWithRightPasswordGivesTokenAndUserID() async throws {
        try await StubProcess.with { stub in
            let reply = try stub.client.postJSON("/api/auth/login", ["username": "carol", "password": "carol"])
            #expect(reply.status == 200)
            let json = try reply.json()
            #expect(json["user_id"] as? Int == 3)
            let token = try #require(json["token"] as? String)
            #expect(token.split(separator: ".").count == 3)
        }
    }

    @Test(arguments: [["username": "carol", "password": "wrong"], ["username": "nobody", "password": "nobody"]])
    func loginWithWrongCredentialsIs401(_ credentials: [String: String]) async throws {
        try await StubProcess.with { stub in
            let reply = try stub.client.postJSON("/api/auth/login", credentials)
            #expect(reply.status == 401)
            #expect(try reply.errorCode().code == "invalid_credentials")
        }
    }
}
