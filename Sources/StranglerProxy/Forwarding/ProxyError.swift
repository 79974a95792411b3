import NIOCore
import NIOHTTP1

/// An error the proxy answers itself, as the JSON error contract: `{"error": {code, message, request_id}}`.
struct ProxyError: Error, Sendable {
    let status: HTTPResponseStatus
    let code: String
    let message: String

    static func badRequest(_ message: String) -> ProxyError {
        ProxyError(status: .badRequest, code: "bad_request", message: message)
    }
    static func bodyTooLarge(limit: Int) -> ProxyError {
        ProxyError(
            status: .payloadTooLarge,
            code: "body_too_large",
            message: "request body exceeds the proxy's limit of \(limit) bytes"
        )
    }
    static let headersTooLarge = ProxyError(
        status: .requestHeaderFieldsTooLarge,
        code: "headers_too_large",
        message: "request headers exceed the proxy's limit"
    )
    static func upstreamUnavailable(_ upstream: String, _ detail: String) -> ProxyError {
        ProxyError(
            status: .badGateway,
            code: "upstream_unavailable",
            message: "upstream '\(upstream)' could not be reached: \(detail)"
        )
    }
    static func upstreamTimeout(_ upstream: String) -> ProxyError {
        ProxyError(
            status: .gatewayTimeout,
            code: "upstream_timeout",
            message: "upstream '\(upstream)' did not answer in time"
        )
    }

    /// The response head and body for this error.
    func response(requestID: String, version: HTTPVersion, close: Bool, allocator: ByteBufferAllocator)
        -> (HTTPResponseHead, ByteBuffer)
    {
        var body = allocator.buffer(capacity: 96 + self.message.utf8.count)
        body.writeString(#"{"error":{"code":""#)
        body.writeJSONEscaped(self.code)
        body.writeString(#"","message":""#)
        body.writeJSONEscaped(self.message)
        body.writeString(#"","request_id":""#)
        body.writeJSONEscaped(requestID)
        body.writeString("\"}}\n")
        var headers = HTTPHeaders()
        headers.reserveCapacity(4)
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(body.readableBytes))
        headers.add(name: "x-request-id", value: requestID)
        if close { headers.add(name: "connection", value: "close") }
        return (HTTPResponseHead(version: version, status: self.status, headers: headers), body)
    }
}

extension ByteBuffer {
    /// Writes `string` escaped for use inside a JSON string literal.
    mutating func writeJSONEscaped(_ string: String) {
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): self.writeStaticString("\\\"")
            case UInt8(ascii: "\\"): self.writeStaticString("\\\\")
            case UInt8(ascii: "\n"): self.writeStaticString("\\n")
            case UInt8(ascii: "\r"): self.writeStaticString("\\r")
            case UInt8(ascii: "\t"): self.writeStaticString("\\t")
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                self.writeStaticString("\\u00")
                self.writeInteger(hex[Int(byte >> 4)])
                self.writeInteger(hex[Int(byte & 0xF)])
            default: self.writeInteger(byte)
            }
        }
    }
}
