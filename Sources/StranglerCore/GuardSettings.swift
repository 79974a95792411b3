/// Automatic rollback (`guard:`): when the new side's error rate over `window` passes `maxErrorPct`
/// (with at least `minRequests` requests in the window), the proxy flips the feature back to `legacy`.
public struct GuardSettings: Sendable, Equatable {
    /// The sliding window the error rate is measured over. Default 30 s.
    public var window: Duration
    /// Fewest requests in the window before the guard may trip. Default 20.
    public var minRequests: Int
    /// Error share of the new side, in percent, that trips the guard. Default 50.
    public var maxErrorPct: Double

    /// Creates a guard; every parameter defaults to the documented default.
    public init(window: Duration = .seconds(30), minRequests: Int = 20, maxErrorPct: Double = 50) {
        self.window = window
        self.minRequests = minRequests
        self.maxErrorPct = maxErrorPct
    }
}
