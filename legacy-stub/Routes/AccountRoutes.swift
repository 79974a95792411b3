import Foundation
import Hummingbird
import ServiceSupport

/// Login, users and search: the parts that stay legacy forever.
struct AccountRoutes {
    let dependencies: StubDependencies

    /// How long a login token is valid.
    static let tokenLifetime: Int64 = 24 * 3600

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/auth/login", use: login)
        router.get("/api/users/:id", use: user)
        router.get("/api/search", use: search)
    }

    private struct LoginRequest: Decodable {
        let username: String
        let password: String
    }

    @Sendable func login(request: Request, context: BasicRequestContext) async throws -> Response {
        let input = try await RequestInput.json(LoginRequest.self, from: request, context: context)
        guard let stored = try await dependencies.store.credentials(username: input.username),
            Seed.passwordHash(input.password, salt: stored.salt) == stored.hash
        else {
            throw APIError.unauthorized("Wrong username or password.", code: "invalid_credentials")
        }
        let now = Int64(Date().timeIntervalSince1970)
        let token = try dependencies.signer.sign(
            JWTClaims(sub: String(stored.userID), name: stored.username, iat: now, exp: now + Self.tokenLifetime)
        )
        return try dependencies.replies.json(LoginJSON(token: token, userID: stored.userID))
    }

    @Sendable func user(request: Request, context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.id("id", in: context)
        guard let user = try await dependencies.store.user(id: id) else {
            throw APIError.notFound("No user has id \(id).")
        }
        return try dependencies.replies.json(user)
    }

    @Sendable func search(request: Request, context: BasicRequestContext) async throws -> Response {
        guard let query = RequestInput.query("q", in: request), !query.isEmpty else {
            throw APIError.badRequest("missing_query", "Add a search term: /api/search?q=TEXT.")
        }
        let results = try await dependencies.store.search(query)
        return try dependencies.replies.json(SearchJSON(results: dependencies.replies.decorate(results)))
    }
}
