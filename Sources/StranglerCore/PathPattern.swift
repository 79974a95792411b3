/// The path part of a route: exact (`/api/feed`), named segments (`/api/transcode/{job}`), or prefix
/// (`/media/*`, which matches `/media`, `/media/` and everything below).
///
/// Patterns match the raw request path without its query string. A `{name}` segment matches one non-empty
/// path segment; `*` may only be the whole last segment.
public struct PathPattern: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The specificity class of a pattern; most specific first.
    public enum Kind: Int, Sendable, Comparable, CustomStringConvertible {
        /// Only literal segments: matches one path.
        case exact
        /// At least one `{name}` segment, no `*`.
        case segments
        /// Ends in `*`.
        case prefix

        /// Orders exact before segments before prefix.
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }

        /// `exact`, `segment pattern` or `prefix`.
        public var description: String {
            switch self {
            case .exact: "exact path"
            case .segments: "segment pattern"
            case .prefix: "prefix"
            }
        }
    }

    /// One segment between slashes.
    public enum Segment: Sendable, Equatable, Hashable {
        /// Must equal this text.
        case literal(String)
        /// Matches any one non-empty segment; the name is for people.
        case parameter(String)
    }

    /// The pattern as written.
    public let text: String
    /// The segments before any trailing `*`.
    public let segments: [Segment]
    /// The specificity class.
    public let kind: Kind
    /// The segments in matching form: literal bytes, or `nil` for a parameter.
    private let compiled: [[UInt8]?]

    /// Parses a pattern, throwing a `PathPatternError` that says what to write instead.
    public init(_ text: String) throws(PathPatternError) {
        guard text.hasPrefix("/") else { throw PathPatternError("a path must start with '/', e.g. /api/feed") }
        if text.contains("?") || text.contains("#") {
            throw PathPatternError("a path pattern cannot contain '?' or '#': the query string is not matched")
        }
        var segments: [Segment] = []
        var isPrefix = false
        let parts = text == "/" ? [] : text.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            if part.isEmpty {
                throw PathPatternError("empty path segment ('//' or a trailing '/') in '\(text)'")
            }
            if part.contains("*") {
                guard part == "*", index == parts.count - 1 else {
                    throw PathPatternError("'*' must be the whole last segment, as in /media/*")
                }
                isPrefix = true
            } else if part.contains("{") || part.contains("}") {
                guard part.first == "{", part.last == "}", part.count > 2 else {
                    throw PathPatternError("'{name}' must be a whole segment, as in /api/videos/{id}")
                }
                let name = String(part.dropFirst().dropLast())
                guard name.utf8.allSatisfy(Self.isNameByte), !name.utf8.first!.isASCIIDigit else {
                    throw PathPatternError("'{\(name)}': a segment name uses letters, digits and '_'")
                }
                if segments.contains(.parameter(name)) {
                    throw PathPatternError("segment name '{\(name)}' is used twice in '\(text)'")
                }
                segments.append(.parameter(name))
            } else {
                if part.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7f }) {
                    throw PathPatternError("'\(text)' contains a space or control character; percent-encode it")
                }
                segments.append(.literal(String(part)))
            }
        }
        self.text = text
        self.segments = segments
        self.kind = isPrefix ? .prefix : segments.contains(where: \.isParameter) ? .segments : .exact
        self.compiled = segments.map { segment in
            if case .literal(let literal) = segment { Array(literal.utf8) } else { nil }
        }
    }

    /// The pattern as written.
    public var description: String { text }

    /// Number of literal segments.
    public var literalCount: Int { compiled.count(where: { $0 != nil }) }

    /// Whether `path` (without query string) matches. Allocation-free for native strings.
    public func matches(_ path: Substring) -> Bool {
        if let result = path.utf8.withContiguousStorageIfAvailable({ matches(bytes: $0) }) { return result }
        return Array(path.utf8).withUnsafeBufferPointer { matches(bytes: $0) }
    }

    /// Whether the path in `bytes` matches.
    func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let slash = UInt8(ascii: "/")
        var index = 0
        for segment in compiled {
            guard index < bytes.count, bytes[index] == slash else { return false }
            index += 1
            var end = index
            while end < bytes.count, bytes[end] != slash { end += 1 }
            if let literal = segment {
                guard end - index == literal.count else { return false }
                for offset in 0..<literal.count where literal[offset] != bytes[index + offset] { return false }
            } else if end == index {
                return false
            }
            index = end
        }
        switch kind {
        case .exact where compiled.isEmpty: return bytes.count == 1 && bytes[0] == slash
        case .exact, .segments: return index == bytes.count
        case .prefix: return index == bytes.count || bytes[index] == slash
        }
    }

    /// Whether some path matches both patterns (only meaningful for patterns of the same kind and length).
    func overlaps(_ other: PathPattern) -> Bool {
        guard segments.count == other.segments.count else { return false }
        for (mine, theirs) in zip(compiled, other.compiled) {
            if let mine, let theirs, mine != theirs { return false }
        }
        return true
    }

    /// Orders patterns most specific first: exact, then segment patterns (more literal segments, then more
    /// segments), then prefixes (longer prefix, then more literal segments). Equal ranks are ties.
    func precedes(_ other: PathPattern) -> Bool {
        rank.lexicographicallyPrecedes(other.rank)
    }

    /// Whether neither pattern precedes the other.
    func ties(with other: PathPattern) -> Bool { rank == other.rank }

    private var rank: [Int] {
        switch kind {
        case .exact: [0, 0, 0]
        case .segments: [1, -literalCount, -segments.count]
        case .prefix: [2, -segments.count, -literalCount]
        }
    }

    /// Equality of the written text.
    public static func == (lhs: PathPattern, rhs: PathPattern) -> Bool { lhs.text == rhs.text }

    /// Hashes the written text.
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || byte.isASCIIDigit
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }
}

/// Why a text is not a valid path pattern.
public struct PathPatternError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and what to write instead.
    public var message: String

    /// Creates an error with `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

extension PathPattern.Segment {
    var isParameter: Bool {
        if case .parameter = self { true } else { false }
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
}
