/// One request shape a feature owns: a path pattern and, optionally, the methods.
public struct Route: Sendable, Equatable, CustomStringConvertible {
    /// The path pattern.
    public var path: PathPattern
    /// Upper-case methods the route matches; `nil` matches any method. A route with GET also matches HEAD.
    public var methods: Set<String>?

    /// Creates a route.
    public init(path: PathPattern, methods: Set<String>? = nil) {
        self.path = path
        self.methods = methods
    }

    /// Whether a request with `method` may match (HEAD matches GET routes).
    public func allows(method: String) -> Bool {
        guard let methods else { return true }
        return methods.contains(method) || (method == "HEAD" && methods.contains("GET"))
    }

    /// The methods in a stable order (`GET, POST`), or `*` for any.
    public var methodsText: String {
        guard let methods else { return "*" }
        return methods.sorted(by: MethodSet.displayOrder).joined(separator: ",")
    }

    /// `GET /api/feed`, `* /media/*`.
    public var description: String { "\(methodsText) \(path)" }
}
