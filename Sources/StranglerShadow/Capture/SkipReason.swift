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
    /// The proxy's own mirroring queue or connection limit was full.
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
