import Foundation
import Hummingbird
import Logging

/// Gives every response an `X-Request-Id` and turns every thrown error into the JSON error contract.
///
/// Add it first (outermost) so that it also sees errors from other middleware and from the router's
/// not-found responder. Errors other than ``APIError`` and Hummingbird's `HTTPError` become a 500
/// with code `internal`.
public struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    private let extraFields: @Sendable () -> [String: String]

    /// Creates the middleware.
    /// - Parameter extraFields: extra top-level string fields added to every error body
    ///   (for example injected noise such as `served_at`). None by default.
    public init(extraFields: @escaping @Sendable () -> [String: String] = { [:] }) {
        self.extraFields = extraFields
    }

    /// Runs the rest of the chain, rendering errors and stamping the request id.
    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let requestID = RequestID.resolve(for: request)
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["request_id": "\(requestID)", "error": "\(error)"])
            }
            response = try self.render(apiError, requestID: requestID)
        }
        response.headers[.requestID] = requestID
        return response
    }

    private func render(_ error: APIError, requestID: String) throws -> Response {
        let body = APIErrorBody(error, requestID: requestID)
        var response = try JSONResponse.make(ExtraFields(base: body, extra: self.extraFields()), status: error.status)
        for field in error.headers where response.headers[field.name] == nil {
            response.headers.append(field)
        }
        return response
    }
}
