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
        var parser = JSONParser(bytes: bytes, recording: true)
        parser.nodes.reserveCapacity(bytes.count / 8 + 4)
        do {
            parser.skipWhitespace()
            try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            guard parser.atEnd else { return nil }
        } catch {
            return nil
        }
        return JSONTape(nodes: parser.nodes)
    }
}

extension JSONTape.Node {
    /// The value's raw JSON text, quotes included for strings.
    var raw: Range<Int> {
        kind == .string ? Int(start) - 1..<Int(end) + 1 : Int(start)..<Int(end)
    }
}
