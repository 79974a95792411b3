/// The admin API's bearer token, compared in constant time.
public struct AdminToken: Sendable {
    private let bytes: [UInt8]

    /// Creates a token; an empty string is not a usable token.
    public init?(_ value: String) {
        guard !value.isEmpty else { return nil }
        self.bytes = Array(value.utf8)
    }

    /// Whether `candidate` is this token. The time taken does not depend on where the strings differ.
    public func matches(_ candidate: Substring) -> Bool {
        let other = Array(candidate.utf8)
        var difference = UInt8(truncatingIfNeeded: self.bytes.count ^ other.count)
        for i in 0..<self.bytes.count {
            difference |= self.bytes[i] ^ (i < other.count ? other[i] : 0)
        }
        return difference == 0
    }

    /// Whether an `Authorization` header value carries this token as `Bearer <token>`.
    public func authorizes(authorizationHeader value: String?) -> Bool {
        guard let value, value.utf8.count > 7, value.lowercased().hasPrefix("bearer ") else { return false }
        return self.matches(value.dropFirst(7))
    }
}
