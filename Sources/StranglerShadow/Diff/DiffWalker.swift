/// Walks two JSON tapes side by side and records where they differ (legacy = left, new = right).
///
/// `LockstepWalker` hands it the values that need random access to their children: unordered arrays, and
/// objects whose keys stop being in the same order. The tapes may hold just those values: node offsets point
/// into the whole documents.
///
/// In probe mode (`probing > 0`) it records nothing and stops at the first difference: that is how unordered
/// arrays test whether two elements are equal.
struct DiffWalker {
    let leftNodes: UnsafeBufferPointer<JSONTape.Node>
    let rightNodes: UnsafeBufferPointer<JSONTape.Node>
    let rules: CompareRules
    /// Path and differences, shared with the walker that called this one.
    var log: DiffLog
    var probing = 0

    var left: UnsafeBufferPointer<UInt8> { log.left }
    var right: UnsafeBufferPointer<UInt8> { log.right }

    /// Compares left node `l` with right node `r`; returns whether they are equal.
    mutating func compare(_ l: Int, _ r: Int, cursors: [CompareRules.Cursor]) -> Bool {
        if !cursors.isEmpty, rules.matches(cursors, .ignore) { return true }
        let ln = leftNodes[l]
        let rn = rightNodes[r]
        guard ln.kind == rn.kind else {
            report(.type, left: l, right: r)
            return false
        }
        // Equal bytes are equal values, whatever the rules (they can only excuse differences).
        if rawEqual(ln, rn) { return true }
        let equal: Bool
        switch ln.kind {
        case .null: return true
        case .bool: equal = ln.flag == rn.flag
        case .number:
            equal = JSONText.numbersEqual(
                text(ln, right: false),
                text(rn, right: true),
                tolerance: rules.numericTolerance
            )
        case .string:
            equal = JSONText.stringsEqual(
                text(ln, right: false),
                escaped: ln.flag,
                text(rn, right: true),
                escaped: rn.flag
            )
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

    /// Whether two nodes' texts (whole subtrees for containers) are the same bytes.
    func rawEqual(_ ln: JSONTape.Node, _ rn: JSONTape.Node) -> Bool {
        JSONText.sameBytes(left, Int(ln.start)..<Int(ln.end), right, Int(rn.start)..<Int(rn.end))
    }

    // MARK: Reporting

    /// Records a difference at the current path, unless probing.
    mutating func report(_ kind: Difference.Kind, left l: Int?, right r: Int?) {
        guard probing == 0 else { return }
        log.record(kind, legacy: l.map { leftNodes[$0].raw }, new: r.map { rightNodes[$0].raw })
    }

    /// The path step to the member whose key is node `key`.
    func keyStep(_ key: Int, right isRight: Bool) -> DiffLog.Step {
        let node = (isRight ? rightNodes : leftNodes)[key]
        return .key(right: isRight, start: node.start, end: node.end)
    }
}
