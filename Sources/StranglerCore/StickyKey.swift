/// Where the user key for canary bucketing comes from: `header:NAME` or `cookie:NAME`.
///
/// Requests without the key get a random bucket each (they are not sticky).
public enum StickyKey: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A request header, matched case-insensitively, e.g. `header:X-User-Id`.
    case header(String)
    /// A cookie from the `Cookie` header, matched exactly, e.g. `cookie:session`.
    case cookie(String)

    /// Parses `header:NAME` or `cookie:NAME`; `nil` when the text is neither.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let kind = text[..<colon]
        let name = String(text[text.index(after: colon)...])
        guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else { return nil }
        switch kind {
        case "header": self = .header(name)
        case "cookie": self = .cookie(name)
        default: return nil
        }
    }

    /// `header:NAME` or `cookie:NAME`, as written in the route file.
    public var description: String {
        switch self {
        case .header(let name): "header:\(name)"
        case .cookie(let name): "cookie:\(name)"
        }
    }

    /// The key's value among a request's headers, or `nil` when the request does not carry it (or it is empty).
    public func value(in headers: [(String, String)]) -> Substring? {
        switch self {
        case .header(let name):
            for (field, value) in headers
            where field.utf8.count == name.utf8.count && field.lowercased() == name.lowercased() {
                let trimmed = value.trimmingSpaces
                if !trimmed.isEmpty { return trimmed }
            }
            return nil
        case .cookie(let name):
            for (field, value) in headers where field.lowercased() == "cookie" {
                if let found = Self.cookie(named: name, in: Substring(value)) { return found }
            }
            return nil
        }
    }

    /// The value of cookie `name` in a `Cookie` header value (`a=1; b=2`), or `nil`.
    public static func cookie(named name: String, in header: Substring) -> Substring? {
        for pair in header.split(separator: ";") {
            let pair = pair.trimmingSpaces
            guard let equals = pair.firstIndex(of: "="), pair[..<equals] == name else { continue }
            var value = pair[pair.index(after: equals)...]
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// RFC 9110 `tchar`: what a header or cookie name may contain.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: SubSequence {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}
