import Yams

/// The key/value pairs of one YAML mapping of the route file, read with positioned errors.
///
/// `what` names the mapping for messages ("the route file", "feature 'feed'", "proxy").
struct YAMLFields {
    let values: YAMLValues
    let node: Node
    let what: String
    private(set) var pairs: [(key: String, keyNode: Node, value: Node)] = []

    /// Reads `node` as a mapping with string keys; `allowed` lists the keys in the order shown to users.
    init(_ node: Node, what: String, allowed: [String], values: YAMLValues) throws(RouteTableError) {
        self.values = values
        self.node = node
        self.what = what
        guard case .mapping(let mapping) = node else {
            throw values.error(
                at: node,
                "\(what) must be a mapping of \(allowed.joined(separator: ", ")), found \(node.kindName)"
            )
        }
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                throw values.error(at: keyNode, "keys of \(what) must be plain names, found \(keyNode.kindName)")
            }
            guard allowed.contains(key.string) else {
                var message = "unknown key '\(key.string)' in \(what)"
                if let guess = Self.closest(to: key.string, in: allowed) { message += "; did you mean '\(guess)'?" }
                message += " (allowed: \(allowed.joined(separator: ", ")))"
                throw values.error(at: keyNode, message)
            }
            pairs.append((key.string, keyNode, value))
        }
    }

    /// The value of `key`, or `nil` when absent or null (`key:` or `key: ~`).
    func optional(_ key: String) -> Node? {
        guard let value = pairs.first(where: { $0.key == key })?.value, !value.isNull else { return nil }
        return value
    }

    /// The value of `key`, or an error pointing at this mapping when it is missing.
    func required(_ key: String) throws(RouteTableError) -> Node {
        if let pair = pairs.first(where: { $0.key == key }) {
            guard !pair.value.isNull else { throw values.error(at: pair.keyNode, "'\(key)' in \(what) has no value") }
            return pair.value
        }
        throw values.error(at: node, "missing required key '\(key)' in \(what)")
    }

    /// The key node of `key`, when present.
    func keyNode(_ key: String) -> Node? {
        pairs.first(where: { $0.key == key })?.keyNode
    }

    /// The allowed key within edit distance 2 of `key`, if exactly one is closest.
    static func closest(to key: String, in allowed: [String]) -> String? {
        let scored = allowed.map { ($0, editDistance(Array(key.lowercased()), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2, best.1 < key.count else { return nil }
        return best.0
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension Node {
    /// Whether this is a plain `~`, `null` or empty scalar.
    var isNull: Bool {
        guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// "a mapping", "a list", "a value", for messages.
    var kindName: String {
        switch self {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar: isNull ? "nothing" : "'\(scalar?.string ?? "")'"
        case .alias: "an alias"
        }
    }

    /// Position of the node (1:1 when Yams has none).
    var sourceMark: SourceMark {
        guard let mark else { return SourceMark(line: 1, column: 1) }
        return SourceMark(line: mark.line, column: mark.column)
    }
}
