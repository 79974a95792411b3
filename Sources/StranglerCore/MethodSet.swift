/// A route's methods in matching form: a bit per common method plus a list for the rare others.
/// HEAD is included whenever GET is.
struct MethodSet: Sendable {
    private var mask: UInt16
    private var others: [String]

    /// Any method.
    static let any = MethodSet(mask: .max, others: [])

    init(mask: UInt16, others: [String]) {
        self.mask = mask
        self.others = others
    }

    init(_ methods: Set<String>?) {
        guard let methods else {
            self = .any
            return
        }
        var mask: UInt16 = 0
        var others: [String] = []
        for method in methods {
            if let bit = Self.bit(method) { mask |= bit } else { others.append(method) }
        }
        if mask & Self.bit("GET")! != 0 { mask |= Self.bit("HEAD")! }
        self.init(mask: mask, others: others.sorted())
    }

    var isAny: Bool { mask == .max }

    func contains(_ method: String) -> Bool {
        if let bit = Self.bit(method) { return mask & bit != 0 }
        return isAny || others.contains(method)
    }

    func intersects(_ other: MethodSet) -> Bool {
        if isAny || other.isAny { return true }
        return mask & other.mask != 0 || others.contains(where: other.others.contains)
    }

    private static let common = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"]

    private static func bit(_ method: String) -> UInt16? {
        switch method {
        case "GET": 1 << 0
        case "HEAD": 1 << 1
        case "POST": 1 << 2
        case "PUT": 1 << 3
        case "DELETE": 1 << 4
        case "PATCH": 1 << 5
        case "OPTIONS": 1 << 6
        case "TRACE": 1 << 7
        case "CONNECT": 1 << 8
        default: nil
        }
    }

    /// Common methods in their usual order, then the others alphabetically.
    static func displayOrder(_ lhs: String, _ rhs: String) -> Bool {
        switch (common.firstIndex(of: lhs), common.firstIndex(of: rhs)) {
        case (let left?, let right?): left < right
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): lhs < rhs
        }
    }
}
