import Foundation
import StranglerCore

/// Both sides' answers to one mirrored request: what the recorder compares and stores.
public struct ShadowSample: Sendable {
    /// Where a sample comes from.
    public enum Source: String, Sendable, Codable {
        /// Live traffic mirrored by the proxy.
        case live
        /// A request replayed from a capture file (`strangler shadow replay`).
        case replay
    }

    /// The request's `X-Request-Id`, shared by both sides.
    public var requestID: String
    /// The feature that owns the request.
    public var feature: String
    /// The request method, e.g. `GET`.
    public var method: String
    /// The request target (path and query).
    public var path: String
    /// The side that answered the user.
    public var primarySide: Side
    /// Legacy's answer.
    public var legacy: CapturedResponse
    /// The new service's answer.
    public var new: CapturedResponse
    /// Whether `X-Strangler-Force` pinned the request.
    public var forced: Bool
    /// When the request arrived.
    public var at: Date
    /// Live or replayed.
    public var source: Source
    /// How to ask both sides again when the answers differ and the feature has `compare.settle`; set by the
    /// proxy on mirrored reads.
    public var settle: SettleRequest?
    /// How many times both sides were asked again (`compare.settle`); these answers are the last ask's.
    public var rechecks: Int
    /// Whether these answers come from a re-check (`compare.settle`).
    public var settled: Bool { rechecks > 0 }

    /// Creates a sample.
    public init(
        requestID: String,
        feature: String,
        method: String,
        path: String,
        primarySide: Side,
        legacy: CapturedResponse,
        new: CapturedResponse,
        forced: Bool = false,
        at: Date = Date(),
        source: Source = .live,
        settle: SettleRequest? = nil
    ) {
        self.settle = settle
        self.rechecks = 0
        self.requestID = requestID
        self.feature = feature
        self.method = method
        self.path = path
        self.primarySide = primarySide
        self.legacy = legacy
        self.new = new
        self.forced = forced
        self.at = at
        self.source = source
    }
}

/// Two legacy answers to the same request: whatever differs between them is noise (timestamps, random ids).
public struct NoiseSample: Sendable {
    /// The feature that owns the request.
    public var feature: String
    /// The request's id.
    public var requestID: String
    /// The request target (path and query).
    public var path: String
    /// Legacy's first answer.
    public var first: CapturedResponse
    /// Legacy's second answer to the same request.
    public var second: CapturedResponse

    /// Creates a noise sample.
    public init(feature: String, requestID: String, path: String, first: CapturedResponse, second: CapturedResponse) {
        self.feature = feature
        self.requestID = requestID
        self.path = path
        self.first = first
        self.second = second
    }
}
