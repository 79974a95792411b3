import Foundation
import Hummingbird
import Logging
import NIOCore

/// The admin API on its own (loopback) listener. Every route needs `Authorization: Bearer <token>`.
public enum AdminServer {
    /// Builds the admin application; run it as a `Service` beside the proxy.
    public static func make(
        address: (host: String, port: Int),
        token: AdminToken,
        store: RouteTableStore,
        reloader: RouteReloader,
        startedAt: Date = Date(),
        eventLoopGroup: any EventLoopGroup,
        logger: Logger,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: BearerTokenMiddleware(token: token))
        router.get("/admin/status") { _, _ in
            let status = store.status
            return AdminStatus(
                revision: status.revision,
                installedAt: status.installedAt,
                lastError: status.lastError,
                lastAttemptAt: status.lastAttemptAt,
                uptimeSeconds: Date().timeIntervalSince(startedAt),
                routesFile: reloader.path
            )
        }
        router.post("/admin/reload") { _, _ -> Response in
            switch reloader.reload(trigger: "admin API") {
            case .installed(let revision), .unchanged(let revision):
                return try jsonResponse(status: .ok, ReloadResult(ok: true, revision: revision, error: nil))
            case .rejected(let message):
                return try jsonResponse(
                    status: .unprocessableContent,
                    ReloadResult(ok: false, revision: store.status.revision, error: message)
                )
            }
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "strangler-admin"),
            onServerRunning: onServerRunning,
            eventLoopGroupProvider: .shared(eventLoopGroup),
            logger: logger
        )
    }
}

/// `GET /admin/status`.
struct AdminStatus: ResponseEncodable {
    let revision: Int
    let installedAt: Date
    let lastError: String?
    let lastAttemptAt: Date?
    let uptimeSeconds: Double
    let routesFile: String

    enum CodingKeys: String, CodingKey {
        case revision, installedAt = "installed_at", lastError = "last_error", lastAttemptAt = "last_attempt_at"
        case uptimeSeconds = "uptime_s", routesFile = "routes_file"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.revision, forKey: .revision)
        try c.encode(self.installedAt.ISO8601Format(), forKey: .installedAt)
        try c.encode(self.lastError, forKey: .lastError)
        try c.encode(self.lastAttemptAt?.ISO8601Format(), forKey: .lastAttemptAt)
        try c.encode(self.uptimeSeconds, forKey: .uptimeSeconds)
        try c.encode(self.routesFile, forKey: .routesFile)
    }
}

/// `POST /admin/reload`.
struct ReloadResult: Codable {
    let ok: Bool
    let revision: Int
    let error: String?
}

/// A JSON response with a chosen status (keys sorted, so output is stable).
func jsonResponse<T: Encodable>(status: HTTPResponse.Status, _ value: T) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(value)
    return Response(
        status: status,
        headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(bytes: data))
    )
}

/// Rejects admin requests without the bearer token, with the JSON error contract.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: AdminToken

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard self.token.authorizes(authorizationHeader: request.headers[.authorization]) else {
            let body =
                #"{"error":{"code":"unauthorized","message":"the admin API needs 'Authorization: Bearer <token>' (the token is in the environment variable named by admin.token_env)","request_id":""}}"#
            return Response(
                status: .unauthorized,
                headers: [.contentType: "application/json", .wwwAuthenticate: "Bearer"],
                body: .init(byteBuffer: ByteBuffer(string: body + "\n"))
            )
        }
        return try await next(request, context)
    }
}
