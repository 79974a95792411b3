import Yams

/// Typed reads of YAML scalars and lists that fail with a positioned `RouteTableError`.
struct YAMLValues {
    /// The file name put into errors.
    let file: String

    func error(at node: Node, _ message: String) -> RouteTableError {
        RouteTableError(file: file, mark: node.sourceMark, message: message)
    }

    /// A scalar's text. `key` names the value in messages.
    func string(_ node: Node, _ key: String) throws(RouteTableError) -> String {
        guard case .scalar(let scalar) = node, !node.isNull else {
            throw error(at: node, "'\(key)' must be a text value, found \(node.kindName)")
        }
        return scalar.string
    }

    /// A list; a single scalar is not accepted (write `[GET]`, not `GET`).
    func list(_ node: Node, _ key: String) throws(RouteTableError) -> [Node] {
        guard case .sequence(let sequence) = node else {
            throw error(at: node, "'\(key)' must be a list, e.g. [a, b], found \(node.kindName)")
        }
        return Array(sequence)
    }

    /// A list of scalars.
    func strings(_ node: Node, _ key: String) throws(RouteTableError) -> [String] {
        var result: [String] = []
        for item in try list(node, key) { result.append(try string(item, "\(key)[]")) }
        return result
    }

    /// The text of an unquoted scalar meant as a number, or `nil` for a quoted or non-scalar node.
    private func plainText(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return nil }
        return scalar.string
    }

    /// A whole number in `range`.
    func int(_ node: Node, _ key: String, in range: ClosedRange<Int>) throws(RouteTableError) -> Int {
        guard let text = plainText(node), let value = Int(text.replacingUnderscores), range.contains(value) else {
            let bounds = "from \(range.lowerBound) to \(range.upperBound)"
            throw error(at: node, "'\(key)' must be a whole number \(bounds), found \(node.kindName)")
        }
        return value
    }

    /// A number in `range`.
    func double(_ node: Node, _ key: String, in range: ClosedRange<Double>) throws(RouteTableError) -> Double {
        guard let text = plainText(node), let value = Double(text), value.isFinite, range.contains(value) else {
            let upper = range.upperBound == .greatestFiniteMagnitude ? "" : " to \(range.upperBound.compact)"
            throw error(
                at: node,
                "'\(key)' must be a number from \(range.lowerBound.compact)\(upper), found \(node.kindName)"
            )
        }
        return value
    }

    /// A positive duration such as `250ms`, `5s`, `1.5s`, `2m` or `1h`.
    func duration(_ node: Node, _ key: String) throws(RouteTableError) -> Duration {
        guard let text = plainText(node), let value = Quantity.parseDuration(text) else {
            throw error(at: node, "'\(key)' must be a duration such as 250ms, 5s or 2m, found \(node.kindName)")
        }
        guard value > .zero else { throw error(at: node, "'\(key)' must be longer than 0") }
        return value
    }

    /// A byte size such as `512KiB`, `64MiB`, `1GiB` or plain bytes, at least `minimum`.
    func size(_ node: Node, _ key: String, minimum: Int = 0) throws(RouteTableError) -> Int {
        guard let text = plainText(node), let value = Quantity.parseSize(text) else {
            var message = "'\(key)' must be a size such as 65536, 512KiB, 64MiB or 1GiB, found \(node.kindName)"
            if let text = node.scalar?.string, ["KB", "MB", "GB", "kB", "K", "M", "G"].contains(where: text.hasSuffix) {
                message += " (sizes use binary units: KiB, MiB, GiB)"
            }
            throw error(at: node, message)
        }
        guard value >= minimum else { throw error(at: node, "'\(key)' must be at least \(minimum) bytes") }
        return value
    }
}

extension String {
    /// YAML allows `1_000`; so do we.
    var replacingUnderscores: String { filter { $0 != "_" } }
}

extension Double {
    /// `1` rather than `1.0`, `0.5` as is.
    var compact: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}
