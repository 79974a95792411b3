/// A parsed JSON document as a flat array of nodes pointing into the original bytes (a "tape", as in
/// simdjson): no strings or numbers are copied, and a subtree is skipped by jumping to its `next` node.
struct JSONTape {
    /// What a node holds.
    enum Kind: UInt8 {
        case null, bool, number, string, array, object
    }

    /// One value (or, inside an object, one key: keys are `string` nodes before their value).
    struct Node {
        /// The value's kind.
        var kind: Kind
        /// `true` for the literal `true`; for strings, whether the raw bytes contain an escape.
        var flag: Bool
        /// First byte: for strings, just after the opening quote.
        var start: Int32
        /// One past the last byte: for strings, the closing quote.
        var end: Int32
        /// Index of the node after this subtree.
        var next: Int32
        /// Elements of an array, members of an object; 0 otherwise.
        var count: Int32
    }

    /// The nodes in document order; the root is node 0.
    var nodes: [Node]

    /// Deepest nesting accepted; deeper documents are treated as not JSON.
    static let maxDepth = 256

    /// Parses `bytes`, or returns `nil` when they are not one JSON value (optionally surrounded by whitespace).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONTape? {
        guard bytes.count < Int(Int32.max) else { return nil }
        var parser = JSONTapeParser(bytes: bytes)
        parser.nodes.reserveCapacity(bytes.count / 8 + 4)
        do {
            parser.skipWhitespace()
            try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            guard parser.index == bytes.count else { return nil }
        } catch {
            return nil
        }
        return JSONTape(nodes: parser.nodes)
    }
}

/// The JSON grammar (RFC 8259) over raw bytes, building a `JSONTape`. Strings are not UTF-8 validated:
/// they are compared as bytes.
struct JSONTapeParser {
    struct Invalid: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var nodes: [JSONTape.Node] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    mutating func parseValue(depth: Int) throws(Invalid) {
        guard index < bytes.count else { throw Invalid() }
        switch bytes[index] {
        case UInt8(ascii: "{"): try parseObject(depth: depth)
        case UInt8(ascii: "["): try parseArray(depth: depth)
        case UInt8(ascii: "\""): try parseString()
        case UInt8(ascii: "t"): try parseLiteral("true", kind: .bool, flag: true)
        case UInt8(ascii: "f"): try parseLiteral("false", kind: .bool, flag: false)
        case UInt8(ascii: "n"): try parseLiteral("null", kind: .null, flag: false)
        default: try parseNumber()
        }
    }

    mutating func appendLeaf(_ kind: JSONTape.Kind, flag: Bool, start: Int, end: Int) {
        let next = Int32(nodes.count + 1)
        nodes.append(.init(kind: kind, flag: flag, start: Int32(start), end: Int32(end), next: next, count: 0))
    }

    mutating func parseLiteral(_ word: StaticString, kind: JSONTape.Kind, flag: Bool) throws(Invalid) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Invalid() }
        let text = word.utf8Start
        for offset in 0..<count where bytes[index + offset] != text[offset] { throw Invalid() }
        appendLeaf(kind, flag: flag, start: index, end: index + count)
        index += count
    }

    mutating func parseString() throws(Invalid) {
        index += 1
        let start = index
        var escaped = false
        while true {
            skipPlainStringBytes()
            guard index < bytes.count else { throw Invalid() }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                appendLeaf(.string, flag: escaped, start: start, end: index)
                index += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                try skipEscape()
                continue
            }
            guard byte >= 0x20 else { throw Invalid() }
            index += 1
        }
    }

    /// Skips 8 bytes at a time while none of them is a quote, a backslash or a control character (SWAR).
    @inline(__always)
    mutating func skipPlainStringBytes() {
        guard let base = bytes.baseAddress else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let special =
                ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
            guard special & highs == 0 else { return }
            index += 8
        }
    }

    /// Skips the escape sequence at `index` (a backslash), checking it.
    mutating func skipEscape() throws(Invalid) {
        index += 1
        guard index < bytes.count else { throw Invalid() }
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 1
        case UInt8(ascii: "u"):
            guard index + 4 < bytes.count else { throw Invalid() }
            for offset in 1...4 where JSONText.hexValue(bytes[index + offset]) == nil { throw Invalid() }
            index += 5
        default:
            throw Invalid()
        }
    }

    mutating func digits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        return index - start
    }

    mutating func parseNumber() throws(Invalid) {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw Invalid() }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            guard digits() > 0 else { throw Invalid() }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw Invalid() }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw Invalid() }
        }
        appendLeaf(.number, flag: false, start: start, end: index)
    }

    mutating func parseArray(depth: Int) throws(Invalid) {
        guard depth < JSONTape.maxDepth else { throw Invalid() }
        let me = nodes.count
        appendLeaf(.array, flag: false, start: index, end: index)
        index += 1
        var count: Int32 = 0
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
        } else {
            while true {
                try parseValue(depth: depth + 1)
                count += 1
                if try endOfMember(closer: UInt8(ascii: "]")) { break }
            }
        }
        close(me, count: count)
    }

    mutating func parseObject(depth: Int) throws(Invalid) {
        guard depth < JSONTape.maxDepth else { throw Invalid() }
        let me = nodes.count
        appendLeaf(.object, flag: false, start: index, end: index)
        index += 1
        var count: Int32 = 0
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Invalid() }
                try parseString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw Invalid() }
                index += 1
                skipWhitespace()
                try parseValue(depth: depth + 1)
                count += 1
                if try endOfMember(closer: UInt8(ascii: "}")) { break }
            }
        }
        close(me, count: count)
    }

    /// After an array element or object member: `true` at the container's closer, `false` after a comma.
    @inline(__always)
    mutating func endOfMember(closer: UInt8) throws(Invalid) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw Invalid() }
        let byte = bytes[index]
        index += 1
        if byte == closer { return true }
        guard byte == UInt8(ascii: ",") else { throw Invalid() }
        skipWhitespace()
        return false
    }

    mutating func close(_ node: Int, count: Int32) {
        nodes[node].end = Int32(index)
        nodes[node].next = Int32(nodes.count)
        nodes[node].count = count
    }
}
