import Foundation
import ServiceTestSupport
import Testing

struct UserAndSearchTests {
    @Test func userShowsFollowCounts() async throws {
        try await StubProcess.with { stub in
            let reply = try stub.client.get("/api/users/1")
            #expect(reply.status == 200)
            let json = try reply.json()
            #expect(json["username"] as? String == "alice")
            #expect(json["display_name"] as? String == "Alice")
            #expect(json["followers"] as? Int == 4)
            #expect(json["following"] as? Int == 2)
            #expect(json["served_at"] == nil)
            #expect(try stub.client.get("/api/users/99").status == 404)
            #expect(try stub.client.get("/api/users/abc").status == 400)
        }
    }

    @Test func searchFindsUsersAndVideosCaseInsensitively() async throws {
        try await StubProcess.with { stub in
            let users = try stub.client.get("/api/search?q=ALI").json()["results"] as? [[String: Any]]
            #expect(users?.count == 1)
            #expect(users?.first?["type"] as? String == "user")
            #expect(users?.first?["username"] as? String == "alice")

            let videos = try #require(
                try stub.client.get("/api/search?q=cat%20comp").json()["results"] as? [[String: Any]]
            )
            #expect(videos.count == 5)
            #expect(videos.allSatisfy { $0["type"] as? String == "video" })
            #expect(videos.allSatisfy { ($0["title"] as? String)?.hasPrefix("Cat compilation") == true })

            let missing = try stub.client.get("/api/search")
            #expect(missing.status == 400)
            #expect(try missing.errorCode().code == "missing_query")
        }
    }
}
