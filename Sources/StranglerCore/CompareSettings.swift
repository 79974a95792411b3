/// How a shadow response is compared with the primary one (`shadow.compare`).
public struct CompareSettings: Sendable, Equatable {
    /// JSON paths whose values are not compared, e.g. `$.served_at`, `$.items[*].view_count`.
    public var ignore: [String]
    /// JSON paths of arrays compared as multisets, e.g. `$.items[*].tags`.
    public var unordered: [String]
    /// Response headers compared, lower-cased. Default `[content-type]`.
    public var headers: [String]
    /// Largest absolute difference at which two JSON numbers still count as equal. Default 0.
    public var numericTolerance: Double
    /// When set, a read (GET or HEAD) whose answers differ is asked of both sides again after this long, up to
    /// three times while they still differ, and the last answers decide: for eventually-consistent data (a read model that lags its events, a job
    /// that finishes at its own pace). Default `nil`: the first answers decide.
    public var settle: Duration?

    /// Creates settings; every parameter defaults to the documented default.
    public init(
        ignore: [String] = [],
        unordered: [String] = [],
        headers: [String] = ["content-type"],
        numericTolerance: Double = 0,
        settle: Duration? = nil
    ) {
        self.settle = settle
        self.ignore = ignore
        self.unordered = unordered
        self.headers = headers
        self.numericTolerance = numericTolerance
    }
}
