import Foundation
import Hummingbird
import Logging
import NIOCore
import StranglerAudit
import StranglerCore
import StranglerShadow

/// The admin API on its own (loopback) listener. Every route needs `Authorization: Bearer <token>`, except
/// `GET /admin/dashboard`, which a browser opens with the token in `?token=` (navigation cannot add headers).
public enum AdminServer {
    /// What the admin API works on.
    public struct Dependencies: Sendable {
        public var token: AdminToken
        public var store: RouteTableStore
        public var controller: RouteTableController
        public var audit: AuditLog?
        public var metrics: ProxyMetrics
        public var startedAt: Date
        /// The shadow results (`<state>/shadow.sqlite`) the overview and the dashboard read; `nil` leaves
        /// their shadow figures out.
        public var shadowStore: ShadowStore?

        public init(
            token: AdminToken,
            store: RouteTableStore,
            controller: RouteTableController,
            audit: AuditLog?,
            metrics: ProxyMetrics,
            startedAt: Date = Date(),
            shadowStore: ShadowStore? = nil
        ) {
            self.token = token
            self.store = store
            self.controller = controller
            self.audit = audit
            self.metrics = metrics
            self.startedAt = startedAt
            self.shadowStore = shadowStore
        }
    }

    /// Builds the admin application; run it as a `Service` beside the proxy.
    public static func make(
        address: HostPort,
        dependencies: Dependencies,
        eventLoopGroup: any EventLoopGroup,
        logger: Logger,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: BearerTokenMiddleware(token: dependencies.token))
        AdminRoutes(dependencies: dependencies).register(on: router)
        DashboardRoutes(dependencies: dependencies).register(on: router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "strangler-admin"),
            onServerRunning: onServerRunning,
            eventLoopGroupProvider: .shared(eventLoopGroup),
            logger: logger
        )
    }
}

/// A JSON response with a chosen status (keys sorted, so output is stable).
func jsonResponse<T: Encodable>(status: HTTPResponse.Status, _ value: T) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.dateEncodingStrategy = .iso8601
    let data = try encoder.encode(value)
    return Response(
        status: status,
        headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(bytes: data))
    )
}

/// The JSON error contract of the admin API.
func adminError(_ status: HTTPResponse.Status, code: String, message: String, request: Request) -> Response {
    let requestID = request.headers[.init("X-Request-Id")!] ?? ""
    let body = AdminErrorBody(error: .init(code: code, message: message, requestId: requestID))
    return (try? jsonResponse(status: status, body)) ?? Response(status: status)
}

private struct AdminErrorBody: Encodable {
    struct Detail: Encodable {
        let code: String
        let message: String
        let requestId: String
    }
    let error: Detail
}

/// Rejects admin requests without the bearer token, with the JSON error contract. The dashboard page alone
/// also takes the token as `?token=` (compared in constant time too).
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: AdminToken

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let authorized =
            self.token.authorizes(authorizationHeader: request.headers[.authorization])
            || (request.uri.path == DashboardRoutes.path
                && request.uri.queryParameters["token"].map { self.token.matches($0) } == true)
        guard authorized else {
            var response = adminError(
                .unauthorized,
                code: "unauthorized",
                message: "the admin API needs 'Authorization: Bearer <token>'; the token is in the environment "
                    + "variable named by admin.token_env, or in <state>/admin-token",
                request: request
            )
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }
}
