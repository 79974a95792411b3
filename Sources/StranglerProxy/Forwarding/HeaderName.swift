/// Classifies header names without allocating: the proxy looks at every header of every request and
/// response, so `lowercased()` per name would cost an allocation per header on the hot path.
enum HeaderName {
    /// What the proxy does with a header of this name.
    enum Kind {
        /// Forwarded as is.
        case ordinary
        /// Describes one connection only; never forwarded (RFC 9110 §7.6.1).
        case hopByHop
        /// Frames the body: kept on requests we stream as they came, re-derived on responses.
        case transferEncoding
        /// Set by the proxy itself; a client's value is dropped.
        case proxyOwned
        /// `Host`: forwarded, and copied into `X-Forwarded-Host`.
        case host
        /// `X-Forwarded-For`: the client's address is appended.
        case forwardedFor
        /// `X-Request-Id`: kept when acceptable, else replaced.
        case requestID
    }

    private static let known: [(StaticString, Kind)] = [
        ("te", .hopByHop), ("host", .host), ("trailer", .hopByHop), ("upgrade", .hopByHop),
        ("connection", .hopByHop), ("keep-alive", .hopByHop), ("x-request-id", .requestID),
        ("x-forwarded-for", .forwardedFor), ("proxy-connection", .hopByHop), ("x-forwarded-host", .proxyOwned),
        ("transfer-encoding", .transferEncoding), ("x-forwarded-proto", .proxyOwned),
        ("x-strangler-force", .proxyOwned), ("x-strangler-token", .proxyOwned),
        ("x-strangler-shadow", .proxyOwned), ("proxy-authenticate", .hopByHop), ("proxy-authorization", .hopByHop),
    ]

    /// The kind of a header name, compared ASCII case-insensitively.
    static func kind(of name: String) -> Kind {
        var name = name
        return name.withUTF8 { bytes in
            for (literal, kind) in Self.known
            where literal.utf8CodeUnitCount == bytes.count && Self.equals(bytes, literal) {
                return kind
            }
            return .ordinary
        }
    }

    /// Whether `name` equals the lowercase `literal`, ignoring ASCII case.
    static func matches(_ name: String, _ literal: StaticString) -> Bool {
        var name = name
        return name.withUTF8 { Self.equals($0, literal) }
    }

    @inline(__always)
    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let literal = lowercase.utf8Start
        for i in 0..<bytes.count {
            let byte = bytes[i]
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if lowered != literal[i] { return false }
        }
        return true
    }
}
