/// A JSON path from the route file's `compare.ignore` / `compare.unordered`: `$`, then `.name`, `['name']`,
/// `.*` (any member), `[3]` (one element) or `[*]` (any element).
struct JSONPathPattern: Sendable, Equatable {
    /// One step of a pattern.
    enum Segment: Sendable, Equatable {
        case key([UInt8])
        case anyKey
        case index(Int)
        case anyIndex
    }

    /// The steps after `$`.
    var segments: [Segment]

    /// Parses `text`, or returns `nil` when it is not a path of the supported form.
    init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        guard bytes.first == UInt8(ascii: "$") else { return nil }
        bytes = bytes.dropFirst()
        segments = []
        while let first = bytes.first {
            if first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                let name = bytes.prefix { $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "[") }
                guard !name.isEmpty else { return nil }
                segments.append(name.elementsEqual("*".utf8) ? .anyKey : .key(Array(name)))
                bytes = bytes.dropFirst(name.count)
            } else if first == UInt8(ascii: "[") {
                guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return nil }
                let inside = bytes[bytes.index(after: bytes.startIndex)..<close]
                bytes = bytes[bytes.index(after: close)...]
                if inside.elementsEqual("*".utf8) {
                    segments.append(.anyIndex)
                } else if let number = Int(String(decoding: inside, as: UTF8.self)), number >= 0 {
                    segments.append(.index(number))
                } else if inside.count >= 2, let quote = inside.first, quote == inside.last,
                    quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"")
                {
                    segments.append(.key(Array(inside.dropFirst().dropLast())))
                } else {
                    return nil
                }
            } else {
                return nil
            }
        }
    }
}

/// The compiled `ignore` and `unordered` rules of one comparison, matched incrementally while walking.
///
/// A walk carries the set of rule positions still alive at the current node (`RuleCursor`s); most subtrees
/// match no rule at all, so their set is empty and costs nothing to carry.
struct CompareRules: Sendable {
    /// What a rule does to the value it names.
    enum Action: Sendable { case ignore, unordered }

    /// Compiled patterns with their actions.
    let patterns: [(pattern: JSONPathPattern, action: Action)]
    /// Largest absolute difference at which two numbers still count as equal.
    var numericTolerance: Double
    /// The rule cursors at the document root: every rule, nothing matched yet.
    let rootCursors: [Cursor]

    /// Compiles rules; paths that do not parse are left out (the route file validator has seen them).
    init(ignore: [String], unordered: [String], numericTolerance: Double) {
        patterns =
            ignore.compactMap { JSONPathPattern($0).map { ($0, .ignore) } }
            + unordered.compactMap { JSONPathPattern($0).map { ($0, .unordered) } }
        self.numericTolerance = numericTolerance
        rootCursors = patterns.indices.map { Cursor(rule: Int32($0), position: 0) }
    }

    /// Where rule `rule` stands: `position` segments of it have matched the path so far.
    struct Cursor: Sendable {
        var rule: Int32
        var position: Int32
    }

    /// Whether a rule with `action` has fully matched at the node the cursors belong to.
    func matches(_ cursors: [Cursor], _ action: Action) -> Bool {
        cursors.contains { cursor in
            let entry = patterns[Int(cursor.rule)]
            return entry.action == action && Int(cursor.position) == entry.pattern.segments.count
        }
    }

    /// The cursors alive at member `key` of the current node.
    func advance(_ cursors: [Cursor], key: UnsafeBufferPointer<UInt8>) -> [Cursor] {
        guard !cursors.isEmpty else { return [] }
        return advance(cursors) { segment in
            switch segment {
            case .anyKey: true
            case .key(let name): name.elementsEqual(key)
            case .index, .anyIndex: false
            }
        }
    }

    /// The cursors alive at element `index` of the current node.
    func advance(_ cursors: [Cursor], index: Int) -> [Cursor] {
        guard !cursors.isEmpty else { return [] }
        return advance(cursors) { segment in
            switch segment {
            case .anyIndex: true
            case .index(let wanted): wanted == index
            case .key, .anyKey: false
            }
        }
    }

    private func advance(_ cursors: [Cursor], where accepts: (JSONPathPattern.Segment) -> Bool) -> [Cursor] {
        var result: [Cursor] = []
        for cursor in cursors {
            let segments = patterns[Int(cursor.rule)].pattern.segments
            let position = Int(cursor.position)
            guard position < segments.count, accepts(segments[position]) else { continue }
            if result.isEmpty { result.reserveCapacity(cursors.count) }
            result.append(Cursor(rule: cursor.rule, position: cursor.position + 1))
        }
        return result
    }
}
