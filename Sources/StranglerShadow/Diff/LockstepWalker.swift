/// Walks the bytes of two JSON documents side by side, checking both as it goes, and records where they differ
/// (legacy = left, new = right).
///
/// Mirrored answers are mostly the same bytes, so the walker keeps track of how far ahead the two documents
/// stay equal (`equalEnd`). A value that ends before that point is equal whatever the rules say (rules only
/// ever excuse differences): it is skipped on the left only, since the right holds the same bytes and is just
/// as valid. Only values that contain a differing byte are compared structurally: scalars by value, arrays
/// and objects member by member in step. Where that needs random access (unordered arrays, objects whose keys
/// stop being in the same order), both values are parsed into tapes and handed to `DiffWalker`.
///
/// A skip that runs into the first differing byte stops there, and tells which containers it was in and how
/// many of their members it had found equal (`crossings`): the walk then goes straight to the member that
/// holds the difference, at every level, without reading what came before it again.
///
/// The differences (paths, kinds, values, order) are those a `DiffWalker` over both whole documents finds.
struct LockstepWalker {
    typealias Stop = JSONParser.Stop

    var left: JSONParser
    var right: JSONParser
    let rules: CompareRules
    var log: DiffLog
    /// The shift (`right.index - left.index`) under which `equalEnd` was measured.
    var equalShift = 0
    /// The first left offset from which the documents, shifted by `equalShift`, differ.
    var equalEnd = -1
    /// The containers that the last skip stopped in (innermost first), while `equalEnd` holds.
    var crossings: [JSONParser.Crossing] = []
    /// Node storage for tapes, kept between fallbacks to `DiffWalker`.
    var leftNodes: [JSONTape.Node] = []
    var rightNodes: [JSONTape.Node] = []

    init(left: UnsafeBufferPointer<UInt8>, right: UnsafeBufferPointer<UInt8>, rules: CompareRules, limit: Int) {
        self.left = JSONParser(bytes: left, recording: false)
        self.right = JSONParser(bytes: right, recording: false)
        self.rules = rules
        self.log = DiffLog(left: left, right: right, limit: limit)
    }

    /// Compares the two documents from the start; throws when either is not one JSON value (surrounded by
    /// whitespace).
    mutating func compareDocuments() throws(Stop) {
        left.skipWhitespace()
        right.skipWhitespace()
        if try !skipIfEqual(depth: 0) {
            try compareDiffering(cursors: rules.rootCursors, depth: 0)
        }
        left.skipWhitespace()
        right.skipWhitespace()
        guard left.atEnd, right.atEnd else { throw .invalid }
    }

    // MARK: Equal bytes

    /// Skips the value at the cursors when both documents hold the same bytes for it; `false` (having read
    /// nothing) when they do not.
    mutating func skipIfEqual(depth: Int) throws(Stop) -> Bool {
        let start = left.index
        let shift = right.index - start
        if shift != equalShift || start > equalEnd {
            equalShift = shift
            equalEnd = start + JSONText.commonPrefix(rest(of: left), rest(of: right))
            crossings.removeAll(keepingCapacity: true)
        }
        guard start < equalEnd else { return false }
        // A container that the last skip stopped in holds the differing byte: no need to read it again.
        if !crossings.isEmpty, crossing(at: start) != nil { return false }
        let first = left.byte
        left.limit = equalEnd
        left.crossings.removeAll(keepingCapacity: true)
        defer { left.limit = .max }
        do throws(Stop) {
            try left.parseValue(depth: depth)
        } catch .pastLimit {
            left.index = start
            swap(&crossings, &left.crossings)
            return false
        }
        let end = left.index
        // A string or container ends at its closer; a number could go on in the right document.
        let delimited = first == UInt8(ascii: "\"") || first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        guard end < equalEnd || (delimited && end == equalEnd) else {
            left.index = start
            return false
        }
        right.index = end + shift
        return true
    }

    func rest(of parser: JSONParser) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: parser.bytes[parser.index...])
    }

    /// The crossing of the container whose opener is at left offset `opener`, if the last skip stopped in it.
    /// Crossings of containers behind the cursor are dropped on the way (the walk has left them).
    mutating func crossing(at opener: Int) -> JSONParser.Crossing? {
        while let last = crossings.last, last.opener < opener { crossings.removeLast() }
        guard let last = crossings.last, last.opener == opener else { return nil }
        return last
    }

    /// Moves both cursors, just inside the container whose opener is at left offset `opener`, to the end of the
    /// members that the last skip found equal, if any; returns how many there are (0 when it moved nothing).
    mutating func resumeAfterEqualMembers(of opener: Int) -> Int {
        guard let crossing = crossing(at: opener), crossing.members > 0, crossing.end < equalEnd,
            right.index - left.index == equalShift
        else { return 0 }
        left.index = crossing.end
        right.index = crossing.end + equalShift
        return crossing.members
    }

    // MARK: Values that differ

    /// Compares a member of a container (at `step`, under the container's `cursors`), skipping it when equal.
    @inline(__always)
    mutating func compareMember(_ step: DiffLog.Step, of cursors: [CompareRules.Cursor], depth: Int) throws(Stop) {
        if try skipIfEqual(depth: depth) { return }
        let childCursors = advance(cursors, to: step)
        log.push(step)
        try compareDiffering(cursors: childCursors, depth: depth)
        log.pop()
    }

    /// The rule cursors alive at `step` below the current value.
    func advance(_ cursors: [CompareRules.Cursor], to step: DiffLog.Step) -> [CompareRules.Cursor] {
        guard !cursors.isEmpty else { return cursors }
        switch step {
        case .index(let index):
            return rules.advance(cursors, index: index)
        case .key(let isRight, let start, let end):
            let document = isRight ? right.bytes : left.bytes
            return rules.advance(cursors, key: UnsafeBufferPointer(rebasing: document[Int(start)..<Int(end)]))
        }
    }

    /// Compares the values at the cursors, which may differ, under the rule `cursors` alive at them.
    mutating func compareDiffering(cursors: [CompareRules.Cursor], depth: Int) throws(Stop) {
        if !cursors.isEmpty, rules.matches(cursors, .ignore) {
            try left.parseValue(depth: depth)
            try right.parseValue(depth: depth)
            return
        }
        guard !left.atEnd, !right.atEnd else { throw .invalid }
        let kind = Self.kind(startingWith: left.byte)
        guard kind == Self.kind(startingWith: right.byte) else {
            let legacy = try Self.skipValue(&left, depth: depth)
            let new = try Self.skipValue(&right, depth: depth)
            log.record(.type, legacy: legacy, new: new)
            return
        }
        switch kind {
        case .object:
            try compareObjects(cursors: cursors, depth: depth)
        case .array:
            if !cursors.isEmpty, rules.matches(cursors, .unordered) {
                try compareOnTapes(cursors: cursors, depth: depth)
            } else {
                try compareArrays(cursors: cursors, depth: depth)
            }
        case .null, .bool, .number, .string:
            let legacy = try Self.skipValue(&left, depth: depth)
            let new = try Self.skipValue(&right, depth: depth)
            if !scalarsEqual(left.last, right.last) { log.record(.changed, legacy: legacy, new: new) }
        }
    }

    /// Whether two scalars of the same kind (as just read) are equal.
    func scalarsEqual(_ ln: JSONTape.Node, _ rn: JSONTape.Node) -> Bool {
        let a = UnsafeBufferPointer(rebasing: left.bytes[Int(ln.start)..<Int(ln.end)])
        let b = UnsafeBufferPointer(rebasing: right.bytes[Int(rn.start)..<Int(rn.end)])
        switch ln.kind {
        case .null: return true
        case .bool: return ln.flag == rn.flag
        case .number: return JSONText.numbersEqual(a, b, tolerance: rules.numericTolerance)
        case .string: return JSONText.stringsEqual(a, escaped: ln.flag, b, escaped: rn.flag)
        case .array, .object: return false
        }
    }

    /// Reads the value at `parser`'s cursor; returns its raw text.
    static func skipValue(_ parser: inout JSONParser, depth: Int) throws(Stop) -> Range<Int> {
        let start = parser.index
        try parser.parseValue(depth: depth)
        return start..<parser.index
    }

    /// The kind of the value whose first byte is `byte` (anything unknown is read, and rejected, as a number).
    static func kind(startingWith byte: UInt8) -> JSONTape.Kind {
        switch byte {
        case UInt8(ascii: "{"): .object
        case UInt8(ascii: "["): .array
        case UInt8(ascii: "\""): .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): .bool
        case UInt8(ascii: "n"): .null
        default: .number
        }
    }
}
