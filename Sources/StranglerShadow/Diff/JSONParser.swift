/// The JSON grammar (RFC 8259) over raw bytes, one value at a time from `index`. Strings are not UTF-8
/// validated: they are compared as bytes.
///
/// It serves two callers. Building a `JSONTape` (`recording`), it appends a node per value. Walking two
/// documents in step (`LockstepWalker`), it only checks and skips values, and can stop early (`Stop.pastLimit`)
/// once a container runs past `limit`: the point where the two documents' bytes stop being equal. It then
/// leaves `crossings` behind, so that the walker can go straight to the member that runs past the limit.
struct JSONParser {
    /// Why parsing stopped.
    enum Stop: Error {
        /// The bytes are not JSON (or nest deeper than `JSONTape.maxDepth`).
        case invalid
        /// A member of a container ended at or after `limit`.
        case pastLimit
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var index: Int
    /// Whether to append a node per value to `nodes`.
    let recording: Bool
    /// The nodes read so far, when `recording`.
    var nodes: [JSONTape.Node] = []
    /// The node of the last value read (or container opened), recording or not: for scalars and keys, their
    /// kind, escape flag and text.
    var last = JSONTape.Node(kind: .null, flag: false, start: 0, end: 0, next: 0, count: 0)
    /// Parsing throws `Stop.pastLimit` when a container member ends at or after this offset.
    var limit = Int.max
    /// After `Stop.pastLimit`: the containers that were open, innermost first.
    var crossings: [Crossing] = []

    /// A container that was open when parsing stopped at `limit`.
    struct Crossing {
        /// Offset of the container's `[` or `{`.
        var opener: Int
        /// How many of its members ended before the limit; the next one runs past it.
        var members: Int
        /// Where the last of those members ended (when `members > 0`).
        var end: Int
    }

    init(bytes: UnsafeBufferPointer<UInt8>, at index: Int = 0, recording: Bool) {
        self.bytes = bytes
        self.index = index
        self.recording = recording
    }

    /// The byte at `index`; the document must not be over (`atEnd`).
    @inline(__always)
    var byte: UInt8 { bytes[index] }

    @inline(__always)
    var atEnd: Bool { index >= bytes.count }

    // The loops below work on a local copy of `index`: stores to `self` could alias the bytes read through the
    // pointer, so the compiler would otherwise write `index` back to memory at every byte.

    @inline(__always)
    mutating func skipWhitespace() {
        var i = index
        while i < bytes.count {
            let byte = bytes[i]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { break }
            i += 1
        }
        index = i
    }

    /// Consumes `expected`, which must be the next byte.
    @inline(__always)
    mutating func consume(_ expected: UInt8) throws(Stop) {
        guard index < bytes.count, bytes[index] == expected else { throw .invalid }
        index += 1
    }

    /// Reads one value at `index` (no leading whitespace), `depth` containers deep.
    mutating func parseValue(depth: Int) throws(Stop) {
        guard index < bytes.count else { throw .invalid }
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

    /// Records a value (documents are shorter than `Int32.max` bytes: callers check).
    @inline(__always)
    mutating func appendLeaf(_ kind: JSONTape.Kind, flag: Bool, start: Int, end: Int) {
        let start = Int32(truncatingIfNeeded: start)
        let end = Int32(truncatingIfNeeded: end)
        last = .init(kind: kind, flag: flag, start: start, end: end, next: 0, count: 0)
        guard recording else { return }
        last.next = Int32(truncatingIfNeeded: nodes.count + 1)
        nodes.append(last)
    }

    mutating func parseLiteral(_ word: StaticString, kind: JSONTape.Kind, flag: Bool) throws(Stop) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw .invalid }
        let text = word.utf8Start
        for offset in 0..<count where bytes[index + offset] != text[offset] { throw .invalid }
        appendLeaf(kind, flag: flag, start: index, end: index + count)
        index += count
    }

    /// Reads the string whose opening quote is at `index`.
    mutating func parseString() throws(Stop) {
        var i = index + 1
        let start = i
        var escaped = false
        while true {
            let (next, closing) = skipPlainStringBytes(from: i)
            i = next
            guard i < bytes.count else { throw .invalid }
            let byte = bytes[i]
            if closing || byte == UInt8(ascii: "\"") {
                appendLeaf(.string, flag: escaped, start: start, end: i)
                index = i + 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                i = try skipEscape(at: i)
                continue
            }
            guard byte >= 0x20 else { throw .invalid }
            i += 1
        }
    }

    /// The first offset from `start` on that may hold a quote, a backslash or a control character, looking 8
    /// bytes at a time (SWAR), and whether it is known to be a quote; within 8 bytes of the end it stops early
    /// and leaves the rest to the caller.
    @inline(__always)
    func skipPlainStringBytes(from start: Int) -> (index: Int, quote: Bool) {
        guard let base = bytes.baseAddress else { return (start, false) }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = start
        while i + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self).littleEndian
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let quotes = (quote &- ones) & ~quote & highs
            let special = quotes | ((backslash &- ones) & ~backslash | (word &- ones &* 0x20) & ~word) & highs
            if special != 0 {
                // The lowest flagged byte is a real match (borrows only propagate upwards): when it is flagged as
                // a quote, it is one, and the caller need not read it again.
                let first = special & (0 &- special)
                return (i + special.trailingZeroBitCount >> 3, quotes & first != 0)
            }
            i += 8
        }
        return (i, false)
    }

    /// Checks the escape sequence whose backslash is at `i`; returns the offset after it.
    func skipEscape(at i: Int) throws(Stop) -> Int {
        guard i + 1 < bytes.count else { throw .invalid }
        switch bytes[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            guard i + 5 < bytes.count else { throw .invalid }
            for offset in 2...5 where JSONText.hexValue(bytes[i + offset]) == nil { throw .invalid }
            return i + 6
        default:
            throw .invalid
        }
    }

    /// The offset after the run of digits at `i`.
    @inline(__always)
    func digits(from start: Int) -> Int {
        var i = start
        while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 { i += 1 }
        return i
    }

    /// Reads the number at `index`: `-`? (`0` | digits) (`.` digits)? ([eE] [+-]? digits)?.
    mutating func parseNumber() throws(Stop) {
        let start = index
        var i = start
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count else { throw .invalid }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            let end = digits(from: i)
            guard end > i else { throw .invalid }
            i = end
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            let end = digits(from: i + 1)
            guard end > i + 1 else { throw .invalid }
            i = end
        }
        if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            let end = digits(from: i)
            guard end > i else { throw .invalid }
            i = end
        }
        appendLeaf(.number, flag: false, start: start, end: i)
        index = i
    }

    /// Consumes the `[` or `{` at `index` of a container `depth` deep, and the whitespace after it.
    @inline(__always)
    mutating func open(depth: Int) throws(Stop) {
        guard depth < JSONTape.maxDepth else { throw .invalid }
        index += 1
        skipWhitespace()
    }

    mutating func parseArray(depth: Int) throws(Stop) {
        let start = index
        try open(depth: depth)
        let me = nodes.count
        appendLeaf(.array, flag: false, start: start, end: start)
        var count: Int32 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
        } else {
            var end = index
            while true {
                do throws(Stop) {
                    try parseValue(depth: depth + 1)
                    guard index < limit else { throw .pastLimit }
                } catch {
                    throw crossed(error, opener: start, members: count, end: end)
                }
                count += 1
                end = index
                if try endOfMember(closer: UInt8(ascii: "]")) { break }
            }
        }
        close(me, count: count)
    }

    mutating func parseObject(depth: Int) throws(Stop) {
        let start = index
        try open(depth: depth)
        try parseMembers(openedAt: start, depth: depth)
    }

    /// Reads an object's members from `index` (a key, or the `}` of an empty object) to just after its `}`.
    /// The object's `{` is at `start`; when recording, its node is appended first.
    mutating func parseMembers(openedAt start: Int, depth: Int) throws(Stop) {
        let me = nodes.count
        appendLeaf(.object, flag: false, start: start, end: start)
        var count: Int32 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            var end = index
            while true {
                do throws(Stop) {
                    try parseKey()
                    try parseValue(depth: depth + 1)
                    guard index < limit else { throw .pastLimit }
                } catch {
                    throw crossed(error, opener: start, members: count, end: end)
                }
                count += 1
                end = index
                if try endOfMember(closer: UInt8(ascii: "}")) { break }
            }
        }
        close(me, count: count)
    }

    /// Notes the container at `opener` in `crossings` when `error` is `pastLimit`; returns `error`.
    mutating func crossed(_ error: Stop, opener: Int, members: Int32, end: Int) -> Stop {
        if error == .pastLimit { crossings.append(Crossing(opener: opener, members: Int(members), end: end)) }
        return error
    }

    /// Reads a member's key (a string node), the colon and the whitespace around it.
    @inline(__always)
    mutating func parseKey() throws(Stop) {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw .invalid }
        try parseString()
        skipWhitespace()
        try consume(UInt8(ascii: ":"))
        skipWhitespace()
    }

    /// After an array element or object member: `true` at the container's closer (consumed), `false` after a
    /// comma (consumed, with the whitespace after it).
    @inline(__always)
    mutating func endOfMember(closer: UInt8) throws(Stop) -> Bool {
        // Compact JSON: the separator comes right after the value, and the next member right after it.
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: ","), bytes[index + 1] > 0x20 {
            index += 1
            return false
        }
        skipWhitespace()
        guard index < bytes.count else { throw .invalid }
        let byte = bytes[index]
        index += 1
        if byte == closer { return true }
        guard byte == UInt8(ascii: ",") else { throw .invalid }
        skipWhitespace()
        return false
    }

    @inline(__always)
    mutating func close(_ node: Int, count: Int32) {
        guard recording else { return }
        nodes[node].end = Int32(truncatingIfNeeded: index)
        nodes[node].next = Int32(truncatingIfNeeded: nodes.count)
        nodes[node].count = count
    }
}
