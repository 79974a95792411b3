import Foundation

/// Walks two JSON tapes side by side and records where they differ (legacy = left, new = right).
///
/// In probe mode (`probing > 0`) it records nothing and stops at the first difference: that is how unordered
/// arrays test whether two elements are equal.
struct DiffWalker {
    /// One step of the path to the current node.
    enum Step {
        /// An object member whose key is the string node `node` of the left (or right) tape.
        case key(right: Bool, node: Int32)
        /// An array element.
        case index(Int)
    }

    let left: UnsafeBufferPointer<UInt8>
    let right: UnsafeBufferPointer<UInt8>
    let leftNodes: UnsafeBufferPointer<JSONTape.Node>
    let rightNodes: UnsafeBufferPointer<JSONTape.Node>
    let rules: CompareRules
    let limit: Int
    var path: [Step] = []
    var differences: [Difference] = []
    var omitted = 0
    var probing = 0

    init(
        left: UnsafeBufferPointer<UInt8>,
        right: UnsafeBufferPointer<UInt8>,
        leftNodes: UnsafeBufferPointer<JSONTape.Node>,
        rightNodes: UnsafeBufferPointer<JSONTape.Node>,
        rules: CompareRules,
        limit: Int
    ) {
        self.left = left
        self.right = right
        self.leftNodes = leftNodes
        self.rightNodes = rightNodes
        self.rules = rules
        self.limit = limit
    }

    /// Compares left node `l` with right node `r`; returns whether they are equal.
    mutating func compare(_ l: Int, _ r: Int, cursors: [CompareRules.Cursor]) -> Bool {
        if !cursors.isEmpty, rules.matches(cursors, .ignore) { return true }
        let ln = leftNodes[l]
        let rn = rightNodes[r]
        guard ln.kind == rn.kind else {
            report(.type, left: l, right: r)
            return false
        }
        let equal: Bool
        switch ln.kind {
        case .null: return true
        case .bool: equal = ln.flag == rn.flag
        case .number: equal = numbersEqual(ln, rn)
        case .string: equal = stringsEqual(ln, rn)
        case .array:
            if !cursors.isEmpty, rules.matches(cursors, .unordered) {
                return compareUnordered(l, r, cursors: cursors)
            }
            return compareOrdered(l, r, cursors: cursors)
        case .object: return compareObject(l, r, cursors: cursors)
        }
        if !equal { report(.changed, left: l, right: r) }
        return equal
    }

    // MARK: Scalars

    func text(_ node: JSONTape.Node, right isRight: Bool) -> UnsafeBufferPointer<UInt8> {
        let base = isRight ? right : left
        return UnsafeBufferPointer(rebasing: base[Int(node.start)..<Int(node.end)])
    }

    func rawEqual(_ ln: JSONTape.Node, _ rn: JSONTape.Node) -> Bool {
        let count = Int(ln.end - ln.start)
        guard count == Int(rn.end - rn.start) else { return false }
        guard count > 0 else { return true }
        return memcmp(left.baseAddress! + Int(ln.start), right.baseAddress! + Int(rn.start), count) == 0
    }

    func numbersEqual(_ ln: JSONTape.Node, _ rn: JSONTape.Node) -> Bool {
        if rawEqual(ln, rn) { return true }
        let lt = text(ln, right: false)
        let rt = text(rn, right: true)
        let isInteger = { (t: UnsafeBufferPointer<UInt8>) in
            !t.contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }
        }
        // Distinct integer texts are distinct integers; comparing them as doubles would merge big ids.
        if rules.numericTolerance == 0, isInteger(lt), isInteger(rt) { return false }
        let a = JSONText.number(lt)
        let b = JSONText.number(rt)
        return a == b || abs(a - b) <= rules.numericTolerance
    }

    func stringsEqual(_ ln: JSONTape.Node, _ rn: JSONTape.Node) -> Bool {
        if rawEqual(ln, rn) { return true }
        guard ln.flag || rn.flag else { return false }
        let a = JSONText.decode(text(ln, right: false))
        let b = JSONText.decode(text(rn, right: true))
        return a.unicodeScalars.elementsEqual(b.unicodeScalars)
    }

    // MARK: Reporting

    /// Records a difference at the current path (with `extra` steps appended), unless probing.
    mutating func report(_ kind: Difference.Kind, left l: Int?, right r: Int?) {
        guard probing == 0 else { return }
        guard differences.count < limit else {
            omitted += 1
            return
        }
        differences.append(
            Difference(
                path: pathString(),
                kind: kind,
                legacyValue: l.map { snippet(leftNodes[$0], right: false) },
                newValue: r.map { snippet(rightNodes[$0], right: true) }
            )
        )
    }

    /// Raw JSON text of a value, shortened to about 80 bytes.
    func snippet(_ node: JSONTape.Node, right isRight: Bool) -> String {
        var start = Int(node.start)
        var end = Int(node.end)
        if node.kind == .string {
            start -= 1
            end += 1
        }
        let base = isRight ? right : left
        let cut = end - start > 80
        let text = String(decoding: UnsafeBufferPointer(rebasing: base[start..<min(end, start + 80)]), as: UTF8.self)
        return cut ? text + "…" : text
    }

    func pathString() -> String {
        var result = "$"
        for step in path {
            switch step {
            case .index(let index):
                result += "[\(index)]"
            case .key(let isRight, let node):
                let keyNode = (isRight ? rightNodes : leftNodes)[Int(node)]
                let name = JSONText.decode(text(keyNode, right: isRight))
                if Self.isIdentifier(name) {
                    result += "." + name
                } else {
                    result += "['" + name.replacingOccurrences(of: "'", with: "\\'") + "']"
                }
            }
        }
        return result
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, first &- 48 >= 10 else { return false }
        return name.utf8.allSatisfy { byte in
            byte &- 48 < 10 || (byte | 0x20) &- 97 < 26 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
