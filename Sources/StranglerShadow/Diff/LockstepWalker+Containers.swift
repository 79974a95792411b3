/// Arrays and objects that differ: walked in step while they can be, handed to `DiffWalker` on tapes where
/// they need random access.
extension LockstepWalker {
    /// Compares two arrays element by element; extra elements on either side are `missing` / `extra`.
    mutating func compareArrays(cursors: [CompareRules.Cursor], depth: Int) throws(Stop) {
        let closer = UInt8(ascii: "]")
        let opener = left.index
        try left.open(depth: depth)
        try right.open(depth: depth)
        var index = resumeAfterEqualMembers(of: opener)
        var leftOpen: Bool
        var rightOpen: Bool
        if index > 0 {
            leftOpen = try !left.endOfMember(closer: closer)
            rightOpen = try !right.endOfMember(closer: closer)
        } else {
            leftOpen = !Self.closesEmpty(&left, closer)
            rightOpen = !Self.closesEmpty(&right, closer)
        }
        while leftOpen, rightOpen {
            try compareMember(.index(index), of: cursors, depth: depth + 1)
            index += 1
            leftOpen = try !left.endOfMember(closer: closer)
            rightOpen = try !right.endOfMember(closer: closer)
        }
        while leftOpen {
            try reportLone(.missing, at: index, of: cursors, depth: depth + 1)
            index += 1
            leftOpen = try !left.endOfMember(closer: closer)
        }
        while rightOpen {
            try reportLone(.extra, at: index, of: cursors, depth: depth + 1)
            index += 1
            rightOpen = try !right.endOfMember(closer: closer)
        }
    }

    /// Reads element `index`, present on one side only (the left for `missing`, the right for `extra`), and
    /// records it unless a rule ignores it.
    private mutating func reportLone(
        _ kind: Difference.Kind,
        at index: Int,
        of cursors: [CompareRules.Cursor],
        depth: Int
    ) throws(Stop) {
        let childCursors = advance(cursors, to: .index(index))
        let raw =
            kind == .missing ? try Self.skipValue(&left, depth: depth) : try Self.skipValue(&right, depth: depth)
        guard childCursors.isEmpty || !rules.matches(childCursors, .ignore) else { return }
        log.push(.index(index))
        log.record(kind, legacy: kind == .missing ? raw : nil, new: kind == .missing ? nil : raw)
        log.pop()
    }

    /// Compares two objects: members in the same order are walked in step; from the first member whose key
    /// differs (or once one side has no more), the rest are matched by key on tapes.
    mutating func compareObjects(cursors: [CompareRules.Cursor], depth: Int) throws(Stop) {
        let leftObject = left.index
        let rightObject = right.index
        try left.open(depth: depth)
        try right.open(depth: depth)
        if resumeAfterEqualMembers(of: leftObject) > 0 {
            guard try nextMembers(leftObject, rightObject, cursors: cursors, depth: depth) else { return }
        } else {
            let leftEmpty = !left.atEnd && left.byte == UInt8(ascii: "}")
            let rightEmpty = !right.atEnd && right.byte == UInt8(ascii: "}")
            if leftEmpty || rightEmpty {
                guard leftEmpty, rightEmpty else {
                    return try compareRemainingMembers(leftObject, rightObject, cursors: cursors, depth: depth)
                }
                left.index += 1
                right.index += 1
                return
            }
        }
        while true {
            let leftKey = left.index
            let rightKey = right.index
            try left.parseKey()
            let key = left.last
            try right.parseKey()
            guard JSONText.sameBytes(left.bytes, key.textRange, right.bytes, right.last.textRange) else {
                left.index = leftKey
                right.index = rightKey
                return try compareRemainingMembers(leftObject, rightObject, cursors: cursors, depth: depth)
            }
            try compareMember(.key(right: false, start: key.start, end: key.end), of: cursors, depth: depth + 1)
            guard try nextMembers(leftObject, rightObject, cursors: cursors, depth: depth) else { return }
        }
    }

    /// After a member of both objects: reads the separators, and returns whether both go on with another
    /// member. When one has no more, compares what the other has left (as `missing` or `extra`) first.
    private mutating func nextMembers(
        _ leftObject: Int,
        _ rightObject: Int,
        cursors: [CompareRules.Cursor],
        depth: Int
    ) throws(Stop) -> Bool {
        let closer = UInt8(ascii: "}")
        let leftClosed = try left.endOfMember(closer: closer)
        let rightClosed = try right.endOfMember(closer: closer)
        guard leftClosed || rightClosed else { return true }
        if leftClosed != rightClosed {
            // The side still open is past a comma: a member must follow.
            let open = leftClosed ? right : left
            guard !open.atEnd, open.byte == UInt8(ascii: "\"") else { throw .invalid }
            try compareRemainingMembers(
                leftClosed ? nil : leftObject,
                rightClosed ? nil : rightObject,
                cursors: cursors,
                depth: depth
            )
        }
        return false
    }

    /// Compares the rest of two objects' members by key (`DiffWalker.compareRemainingMembers`), each side from
    /// its cursor (a key, or the `}`) to after its `}`. `leftObject` / `rightObject` is where the object
    /// started, or `nil` when that side's `}` has been read already (no members left).
    private mutating func compareRemainingMembers(
        _ leftObject: Int?,
        _ rightObject: Int?,
        cursors: [CompareRules.Cursor],
        depth: Int
    ) throws(Stop) {
        try Self.tape(of: &left, into: &leftNodes) { parser throws(Stop) in
            if let leftObject {
                try parser.parseMembers(openedAt: leftObject, depth: depth)
            } else {
                parser.appendLeaf(.object, flag: false, start: parser.index, end: parser.index)  // No members.
            }
        }
        try Self.tape(of: &right, into: &rightNodes) { parser throws(Stop) in
            if let rightObject {
                try parser.parseMembers(openedAt: rightObject, depth: depth)
            } else {
                parser.appendLeaf(.object, flag: false, start: parser.index, end: parser.index)  // No members.
            }
        }
        let leftCount = Int(leftNodes[0].count)
        let rightCount = Int(rightNodes[0].count)
        withTapeWalker { walker in
            _ = walker.compareRemainingMembers(1, leftCount, 1, rightCount, cursors: cursors)
        }
    }

    /// Compares the values at the cursors on tapes (`DiffWalker.compare`): for unordered arrays.
    mutating func compareOnTapes(cursors: [CompareRules.Cursor], depth: Int) throws(Stop) {
        try Self.tape(of: &left, into: &leftNodes) { parser throws(Stop) in try parser.parseValue(depth: depth) }
        try Self.tape(of: &right, into: &rightNodes) { parser throws(Stop) in try parser.parseValue(depth: depth) }
        withTapeWalker { walker in
            _ = walker.compare(0, 0, cursors: cursors)
        }
    }

    /// Runs `read` from `parser`'s cursor with a recording parser whose tape goes to `nodes`; `parser` moves
    /// past what was read.
    private static func tape(
        of parser: inout JSONParser,
        into nodes: inout [JSONTape.Node],
        _ read: (inout JSONParser) throws(Stop) -> Void
    ) throws(Stop) {
        var recorder = JSONParser(bytes: parser.bytes, at: parser.index, recording: true)
        nodes.removeAll(keepingCapacity: true)
        if nodes.capacity == 0 { nodes.reserveCapacity(64) }
        swap(&recorder.nodes, &nodes)
        defer { swap(&recorder.nodes, &nodes) }
        try read(&recorder)
        parser.index = recorder.index
    }

    /// Runs `body` with a `DiffWalker` over the tapes in `leftNodes` and `rightNodes`, sharing this walker's
    /// log.
    private mutating func withTapeWalker(_ body: (inout DiffWalker) -> Void) {
        var log = DiffLog(left: left.bytes, right: right.bytes, limit: 0)
        swap(&log, &self.log)
        let rules = rules
        leftNodes.withUnsafeBufferPointer { leftNodes in
            rightNodes.withUnsafeBufferPointer { rightNodes in
                let placeholder = DiffLog(left: log.left, right: log.right, limit: 0)
                var walker = DiffWalker(leftNodes: leftNodes, rightNodes: rightNodes, rules: rules, log: placeholder)
                swap(&walker.log, &log)
                body(&walker)
                swap(&walker.log, &log)
            }
        }
        swap(&log, &self.log)
    }

    /// Consumes `closer` when it is the next byte (an empty container); `false` otherwise.
    private static func closesEmpty(_ parser: inout JSONParser, _ closer: UInt8) -> Bool {
        guard !parser.atEnd, parser.byte == closer else { return false }
        parser.index += 1
        return true
    }
}

extension JSONTape.Node {
    /// For a string: the bytes between the quotes.
    var textRange: Range<Int> { Int(start)..<Int(end) }
}
