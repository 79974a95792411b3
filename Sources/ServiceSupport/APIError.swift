import Hummingbird

/// An error that a service answers with the shared JSON error contract:
/// `{"error": {"code": "...", "message": "...", "request_id": "..."}}`.
///
/// `code` is a stable, machine-readable snake_case word (`not_found`, `bad_cursor`); `message` is a
/// sentence for a person. Throw it from a handler; ``APIErrorMiddleware`` renders it.
public struct APIError: Error, Sendable, Equatable {
    /// HTTP status of the response.
    public var status: HTTPResponse.Status
    /// Stable machine-readable code.
    public var code: String
    /// Human-readable explanation that says what to do next.
    public var message: String
    /// Extra response headers (for example `Content-Range` on a 416).
    public var headers: HTTPFields

    /// Creates an error with an explicit status, code and message.
    public init(status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// 400: the request is malformed; `code` names what is wrong (e.g. `bad_cursor`).
    public static func badRequest(_ code: String = "bad_request", _ message: String) -> APIError {
        APIError(status: .badRequest, code: code, message: message)
    }

    /// 401: missing or invalid credentials.
    public static func unauthorized(_ message: String, code: String = "unauthorized") -> APIError {
        APIError(status: .unauthorized, code: code, message: message)
    }

    /// 404: the named resource does not exist.
    public static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: message)
    }

    /// 413: the request body is larger than the service accepts.
    public static func payloadTooLarge(limit: Int64) -> APIError {
        APIError(
            status: .contentTooLarge,
            code: "payload_too_large",
            message: "The request body is larger than the limit of \(limit) bytes."
        )
    }

    /// 415: the request's Content-Type is not one this route accepts.
    public static func unsupportedMediaType(_ message: String) -> APIError {
        APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: message)
    }

    /// 500: something failed on the server side.
    public static func `internal`(_ message: String, code: String = "internal") -> APIError {
        APIError(status: .internalServerError, code: code, message: message)
    }

    /// Converts any error into an `APIError`; Hummingbird's `HTTPError` keeps its status.
    package static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as HTTPError:
            return APIError(
                status: error.status,
                code: defaultCode(for: error.status),
                message: error.body ?? defaultMessage(for: error.status),
                headers: error.headers
            )
        default:
            return .internal("The server failed to handle the request.")
        }
    }

    /// The code used when only a status is known.
    package static func defaultCode(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 416: "range_not_satisfiable"
        case 500...: "internal"
        default: "http_\(status.code)"
        }
    }

    private static func defaultMessage(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "No route matches this path; check the URL."
        case 405: "This route does not accept that method."
        default: status.reasonPhrase
        }
    }
}

/// The body of an error response: `{"error": {...}}`.
package struct APIErrorBody: Encodable {
    package struct Detail: Encodable {
        let code: String
        let message: String
        let requestID: String

        enum CodingKeys: String, CodingKey {
            case code, message
            case requestID = "request_id"
        }
    }

    let error: Detail

    package init(_ error: APIError, requestID: String) {
        self.error = Detail(code: error.code, message: error.message, requestID: requestID)
    }
}
