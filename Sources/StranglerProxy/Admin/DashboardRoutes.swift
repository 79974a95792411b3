import Foundation
import Hummingbird

/// `GET /admin/overview` (the migration at a glance, JSON) and `GET /admin/dashboard` (the same in a browser,
/// refreshing itself every two seconds).
struct DashboardRoutes: Sendable {
    /// The dashboard page's path: the one admin route that also takes the token as `?token=`.
    static let path = "/admin/dashboard"

    let dependencies: AdminServer.Dependencies

    func register(on router: Router<BasicRequestContext>) {
        let builder = OverviewBuilder(dependencies: self.dependencies)
        router.get("/admin/overview") { request, _ -> Response in
            do {
                return try jsonResponse(status: .ok, try await builder.overview())
            } catch {
                return adminError(
                    .internalServerError,
                    code: "overview_failed",
                    message: "cannot read the shadow results or the audit log: \(error)",
                    request: request
                )
            }
        }
        router.get(.init(stringLiteral: Self.path)) { _, _ -> Response in
            var generator = SystemRandomNumberGenerator()
            let nonce = (0..<2).map { _ in String(generator.next() as UInt64, radix: 36) }.joined()
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8",
                    .cacheControl: "no-store",
                    // Nothing but this page's own inline script and style, and calls back to this server.
                    .contentSecurityPolicy:
                        "default-src 'none'; script-src 'nonce-\(nonce)'; style-src 'nonce-\(nonce)'; "
                        + "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
                        + "frame-ancestors 'none'",
                    // The token is in the address: never send it on as a referrer.
                    .init("Referrer-Policy")!: "no-referrer",
                ],
                body: .init(byteBuffer: ByteBuffer(string: DashboardPage.html(nonce: nonce)))
            )
        }
    }
}
