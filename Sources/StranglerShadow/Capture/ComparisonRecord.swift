import Foundation
import StranglerCore

/// The result of comparing one sample: one row of the results store.
public struct ComparisonRecord: Sendable, Equatable {
    /// The verdict on one sample, before noise is taken out (that happens at report time, so noise learned
    /// later still applies to older rows).
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// Status, compared headers and body are equal.
        case match
        /// Something differs; see the differences.
        case mismatch
        /// Legacy gave no response (not a timeout).
        case legacyError
        /// The new side gave no response (not a timeout).
        case newError
        /// Legacy timed out.
        case legacyTimeout
        /// The new side timed out.
        case newTimeout
    }

    /// The request's id.
    public var requestID: String
    /// The feature that owns the request.
    public var feature: String
    /// Request method.
    public var method: String
    /// Request target.
    public var path: String
    /// When the request arrived.
    public var at: Date
    /// Which side answered the user.
    public var primarySide: Side
    /// Whether `X-Strangler-Force` pinned it.
    public var forced: Bool
    /// Live or replayed.
    public var source: ShadowSample.Source
    /// Legacy's status (0 when it gave no response).
    public var legacyStatus: Int
    /// New side's status (0 when it gave no response).
    public var newStatus: Int
    /// Legacy's latency in microseconds.
    public var legacyMicros: Int64
    /// New side's latency in microseconds.
    public var newMicros: Int64
    /// Why legacy gave no response, if it did not.
    public var legacyFailure: String?
    /// Why the new side gave no response, if it did not.
    public var newFailure: String?
    /// The outcome before noise is taken out.
    public var outcome: Outcome
    /// How the bodies were compared (`nil` when a side failed).
    public var bodyFormat: DiffResult.Format?
    /// Whether either body was cut at the capture bound (then only the captured prefixes were compared).
    public var bodyTruncated: Bool
    /// Where the responses differ: `status`, `header:NAME`, `body`, or JSON paths.
    public var differences: [Difference]
    /// Differences found past the per-comparison limit.
    public var omittedDifferences: Int

    /// Creates a record.
    public init(
        requestID: String,
        feature: String,
        method: String,
        path: String,
        at: Date,
        primarySide: Side = .legacy,
        forced: Bool = false,
        source: ShadowSample.Source = .live,
        legacyStatus: Int,
        newStatus: Int,
        legacyMicros: Int64,
        newMicros: Int64,
        legacyFailure: String? = nil,
        newFailure: String? = nil,
        outcome: Outcome,
        bodyFormat: DiffResult.Format? = nil,
        bodyTruncated: Bool = false,
        differences: [Difference] = [],
        omittedDifferences: Int = 0
    ) {
        self.requestID = requestID
        self.feature = feature
        self.method = method
        self.path = path
        self.at = at
        self.primarySide = primarySide
        self.forced = forced
        self.source = source
        self.legacyStatus = legacyStatus
        self.newStatus = newStatus
        self.legacyMicros = legacyMicros
        self.newMicros = newMicros
        self.legacyFailure = legacyFailure
        self.newFailure = newFailure
        self.outcome = outcome
        self.bodyFormat = bodyFormat
        self.bodyTruncated = bodyTruncated
        self.differences = differences
        self.omittedDifferences = omittedDifferences
    }
}

extension Duration {
    /// Whole microseconds, rounded down.
    var microseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
