/// Arrays (ordered and unordered) and objects.
extension DiffWalker {
    /// Indices of the children of container `node` (for objects: the key nodes).
    func children(of node: Int, in nodes: UnsafeBufferPointer<JSONTape.Node>) -> [Int] {
        let container = nodes[node]
        var result: [Int] = []
        result.reserveCapacity(Int(container.count))
        var child = node + 1
        let step = container.kind == .object ? 1 : 0
        for _ in 0..<container.count {
            result.append(child)
            child = Int(nodes[child + step].next)
        }
        return result
    }

    /// Compares element by element; extra elements on either side are `missing` / `extra`.
    mutating func compareOrdered(_ l: Int, _ r: Int, cursors: [CompareRules.Cursor]) -> Bool {
        let leftCount = Int(leftNodes[l].count)
        let rightCount = Int(rightNodes[r].count)
        var equal = true
        var lc = l + 1
        var rc = r + 1
        for index in 0..<min(leftCount, rightCount) {
            log.push(.index(index))
            let same = compare(lc, rc, cursors: rules.advance(cursors, index: index))
            log.pop()
            if !same {
                equal = false
                if probing > 0 { return false }
            }
            lc = Int(leftNodes[lc].next)
            rc = Int(rightNodes[rc].next)
        }
        for index in min(leftCount, rightCount)..<max(leftCount, rightCount) {
            // The element present on one side only; the cursor moves past it even when it is ignored.
            let lone = index < leftCount ? lc : rc
            if index < leftCount { lc = Int(leftNodes[lc].next) } else { rc = Int(rightNodes[rc].next) }
            let childCursors = rules.advance(cursors, index: index)
            if !childCursors.isEmpty, rules.matches(childCursors, .ignore) { continue }
            if probing > 0 { return false }
            equal = false
            log.push(.index(index))
            if index < leftCount {
                report(.missing, left: lone, right: nil)
            } else {
                report(.extra, left: nil, right: lone)
            }
            log.pop()
        }
        return equal
    }

    /// Whether left `l` equals right `r`, recording nothing.
    mutating func probe(_ l: Int, _ r: Int, cursors: [CompareRules.Cursor]) -> Bool {
        probing += 1
        defer { probing -= 1 }
        return compare(l, r, cursors: cursors)
    }

    /// Compares as multisets: each left element is paired with an equal right element, same index first.
    /// Unpaired leftovers are compared pairwise in order (so one changed field in one element reads as that
    /// field), and what remains on one side is `missing` / `extra`.
    mutating func compareUnordered(_ l: Int, _ r: Int, cursors: [CompareRules.Cursor]) -> Bool {
        let lefts = children(of: l, in: leftNodes)
        let rights = children(of: r, in: rightNodes)
        var leftPaired = [Bool](repeating: false, count: lefts.count)
        var rightPaired = [Bool](repeating: false, count: rights.count)
        for index in 0..<min(lefts.count, rights.count)
        where probe(lefts[index], rights[index], cursors: rules.advance(cursors, index: index)) {
            leftPaired[index] = true
            rightPaired[index] = true
        }
        for i in lefts.indices where !leftPaired[i] {
            let childCursors = rules.advance(cursors, index: i)
            for j in rights.indices where !rightPaired[j] && leftNodes[lefts[i]].kind == rightNodes[rights[j]].kind {
                if probe(lefts[i], rights[j], cursors: childCursors) {
                    leftPaired[i] = true
                    rightPaired[j] = true
                    break
                }
            }
        }
        let leftovers = lefts.indices.filter { !leftPaired[$0] }
        let rightovers = rights.indices.filter { !rightPaired[$0] }
        guard !leftovers.isEmpty || !rightovers.isEmpty else { return true }
        if probing > 0 { return false }
        for (i, j) in zip(leftovers, rightovers) {
            log.push(.index(i))
            _ = compare(lefts[i], rights[j], cursors: rules.advance(cursors, index: i))
            log.pop()
        }
        for i in leftovers.dropFirst(rightovers.count) {
            log.push(.index(i))
            report(.missing, left: lefts[i], right: nil)
            log.pop()
        }
        for j in rightovers.dropFirst(leftovers.count) {
            log.push(.index(j))
            report(.extra, left: nil, right: rights[j])
            log.pop()
        }
        return false
    }

    /// Compares members by key. Members in the same order are walked in step; from the first divergence on, the
    /// remaining keys are matched through a dictionary.
    mutating func compareObject(_ l: Int, _ r: Int, cursors: [CompareRules.Cursor]) -> Bool {
        let leftCount = Int(leftNodes[l].count)
        let rightCount = Int(rightNodes[r].count)
        var lk = l + 1
        var rk = r + 1
        var walked = 0
        var equal = true
        while walked < min(leftCount, rightCount), rawEqual(leftNodes[lk], rightNodes[rk]) {
            log.push(keyStep(lk, right: false))
            let same = compare(lk + 1, rk + 1, cursors: rules.advance(cursors, key: text(leftNodes[lk], right: false)))
            log.pop()
            if !same {
                equal = false
                if probing > 0 { return false }
            }
            lk = Int(leftNodes[lk + 1].next)
            rk = Int(rightNodes[rk + 1].next)
            walked += 1
        }
        guard walked < max(leftCount, rightCount) else { return equal }
        return compareRemainingMembers(lk, leftCount - walked, rk, rightCount - walked, cursors: cursors) && equal
    }

    /// Matches the members from key node `firstLeft` on (`leftCount` of them) with those from `firstRight` on
    /// by key, in left order; what is left on the right is `extra`, in document order.
    mutating func compareRemainingMembers(
        _ firstLeft: Int,
        _ leftCount: Int,
        _ firstRight: Int,
        _ rightCount: Int,
        cursors: [CompareRules.Cursor]
    ) -> Bool {
        var rightByKey: [String: Int] = [:]
        var rk = firstRight
        for _ in 0..<rightCount {
            rightByKey[JSONText.decode(text(rightNodes[rk], right: true))] = rk
            rk = Int(rightNodes[rk + 1].next)
        }
        var equal = true
        var lk = firstLeft
        for _ in 0..<leftCount {
            let keyText = text(leftNodes[lk], right: false)
            let childCursors = rules.advance(cursors, key: keyText)
            log.push(keyStep(lk, right: false))
            if let match = rightByKey.removeValue(forKey: JSONText.decode(keyText)) {
                if !compare(lk + 1, match + 1, cursors: childCursors) { equal = false }
            } else if childCursors.isEmpty || !rules.matches(childCursors, .ignore) {
                equal = false
                report(.missing, left: lk + 1, right: nil)
            }
            log.pop()
            if !equal, probing > 0 { return false }
            lk = Int(leftNodes[lk + 1].next)
        }
        for rk in rightByKey.values.sorted() {
            let childCursors = rules.advance(cursors, key: text(rightNodes[rk], right: true))
            if !childCursors.isEmpty, rules.matches(childCursors, .ignore) { continue }
            if probing > 0 { return false }
            equal = false
            log.push(keyStep(rk, right: true))
            report(.extra, left: nil, right: rk + 1)
            log.pop()
        }
        return equal
    }
}
