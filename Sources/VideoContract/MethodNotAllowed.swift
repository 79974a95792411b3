import Foundation
import Hummingbird
import ServiceSupport

/// Answers 405 (with `Allow`) when one of the given paths is called with a method it does not
/// take, exactly like the monolith; unknown paths stay 404.
public enum MethodNotAllowed {
    private static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    /// Registers the 405 responders for `routes`; call after the real routes.
    public static func register(
        _ routes: [(path: String, allowed: [HTTPRequest.Method])],
        on router: Router<BasicRequestContext>
    ) {
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
