import Foundation
import Hummingbird
import ServiceSupport

/// Answers 405 (with `Allow`) when a known path is called with a method it does not take;
/// unknown paths stay 404.
enum MethodNotAllowed {
    /// Every route path and the methods it takes.
    static let routes: [(path: String, allowed: [HTTPRequest.Method])] = [
        ("/api/auth/login", [.post]),
        ("/api/users/:id", [.get, .head]),
        ("/api/search", [.get, .head]),
        ("/api/videos", [.post]),
        ("/api/videos/:id", [.get, .head]),
        ("/api/feed", [.get, .head]),
        ("/api/transcode", [.post]),
        ("/api/transcode/:job", [.get, .head]),
        ("/media/:video/:file", [.get, .head]),
    ]

    private static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    /// Registers the 405 responders; call after the real routes.
    static func register(on router: Router<BasicRequestContext>) {
        for route in routes {
            let allow = route.allowed.map(\.rawValue).joined(separator: ", ")
            for method in methods where !route.allowed.contains(method) {
                router.on(RouterPath(route.path), method: method) { request, _ -> Response in
                    throw APIError(
                        status: .methodNotAllowed,
                        code: "method_not_allowed",
                        message: "\(request.method.rawValue) is not allowed on this route; use \(allow).",
                        headers: [.allow: allow]
                    )
                }
            }
        }
    }
}
