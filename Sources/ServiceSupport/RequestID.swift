import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    /// `X-Request-Id`: one id per request, kept when the client sent one.
    public static let requestID = HTTPField.Name("X-Request-Id")!
}

/// Request ids: echoed from the request when present, generated otherwise.
package enum RequestID {
    /// The longest client-supplied id that is echoed back; longer ones are replaced.
    static let maxLength = 200

    /// The id for `request`: its `X-Request-Id` if usable, else a new random one.
    package static func resolve(for request: Request) -> String {
        if let given = request.headers[.requestID], !given.isEmpty, given.utf8.count <= maxLength {
            return given
        }
        return generate()
    }

    /// A new random id: 32 lowercase hex digits.
    package static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return hex(high) + hex(low)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
