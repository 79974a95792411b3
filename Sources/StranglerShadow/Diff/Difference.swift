/// One place where two responses differ.
public struct Difference: Sendable, Hashable, Codable {
    /// How the two values differ.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Same type, different value (or different status, header, opaque body).
        case changed
        /// Present on the legacy (first) side only.
        case missing
        /// Present on the new (second) side only.
        case extra
        /// Values of different JSON types, e.g. a string and a number.
        case type
    }

    /// Where: a JSON path like `$.items[3].title`, or `status`, `header:NAME`, `body` (a non-JSON body).
    public var path: String
    /// How the values differ.
    public var kind: Kind
    /// The legacy (first) side's value as raw JSON text, shortened; `nil` when absent.
    public var legacyValue: String?
    /// The new (second) side's value as raw JSON text, shortened; `nil` when absent.
    public var newValue: String?

    /// Creates a difference.
    public init(path: String, kind: Kind, legacyValue: String? = nil, newValue: String? = nil) {
        self.path = path
        self.kind = kind
        self.legacyValue = legacyValue
        self.newValue = newValue
    }

    /// The path with every array index replaced by `[*]` (`$.items[*].title`): what the report groups by and
    /// what noise is learned as.
    public var normalizedPath: String { Self.normalize(path) }

    /// Replaces every `[digits]` in `path` with `[*]`.
    public static func normalize(_ path: String) -> String {
        var result: [UInt8] = []
        let bytes = Array(path.utf8)
        result.reserveCapacity(bytes.count)
        var index = 0
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
            } else if byte == UInt8(ascii: "["), index + 1 < bytes.count, bytes[index + 1] &- 48 < 10 {
                var end = index + 1
                while end < bytes.count, bytes[end] &- 48 < 10 { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: "]") {
                    result.append(contentsOf: "[*]".utf8)
                    index = end + 1
                    continue
                }
            }
            result.append(byte)
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// What comparing two bodies found.
public struct DiffResult: Sendable, Equatable {
    /// How the bodies were compared.
    public enum Format: String, Sendable, Codable {
        /// Both parsed as JSON and were compared structurally.
        case json
        /// At least one was not JSON (or was cut at the capture bound): compared by length and SHA-256.
        case opaque
    }

    /// How the bodies were compared.
    public var format: Format
    /// The differences found, in document order, at most the comparator's limit.
    public var differences: [Difference]
    /// Differences found past the limit (counted, not kept).
    public var omitted: Int

    /// Creates a result.
    public init(format: Format, differences: [Difference] = [], omitted: Int = 0) {
        self.format = format
        self.differences = differences
        self.omitted = omitted
    }

    /// Whether the bodies are equal under the rules.
    public var isEqual: Bool { differences.isEmpty && omitted == 0 }
}
