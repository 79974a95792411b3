/// Why a request that could have been compared was not. Counted per feature and shown in the report.
public enum SkipReason: String, Sendable, CaseIterable, Codable {
    /// The request body was larger than `shadow.max_body`, so it was not mirrored.
    case bodyTooLarge
    /// The recorder's queue was full; the sample was dropped.
    case queueFull
    /// A write request in a feature with `shadow.writes: skip`.
    case writesSkipped
    /// Not picked by `shadow.sample`.
    case sampledOut
    /// The proxy's bound on copies in flight to that side was full (a side much slower than the primary gets
    /// fewer places).
    case mirrorBusy
    /// The feature is no longer in the route table.
    case unknownFeature
    /// The results store failed to write the row.
    case storeFailed
    /// The client went away before the primary answered: nothing to compare.
    case clientGone
    /// The primary answered before the request body was complete and the connection was closed: there is no
    /// whole request to send the other side.
    case requestIncomplete
    /// The other side refused or reset the last copies sent to it, so mirroring to it is paused for a moment
    /// (a second); the copies after the pause try it again.
    case shadowDown
    /// The request names an id (`shadow.ids`) whose counterpart on the shadow side is not known yet.
    case unmappedID
}

extension SkipReason {
    /// What the reason means, in a few words, for the report.
    public var meaning: String {
        switch self {
        case .bodyTooLarge: "body over shadow.max_body"
        case .queueFull: "comparison queue full"
        case .writesSkipped: "write not mirrored (shadow.writes: skip)"
        case .sampledOut: "not picked by shadow.sample"
        case .mirrorBusy: "copies in flight to that side at its bound (smaller for a side slower than the primary)"
        case .unknownFeature: "feature no longer in the route table"
        case .storeFailed: "results store failed"
        case .clientGone: "client left before the answer"
        case .requestIncomplete: "answered before the request body ended"
        case .shadowDown: "side refusing or resetting connections: paused for a second"
        case .unmappedID: "id without a counterpart on the other side (shadow.ids)"
        }
    }
}
