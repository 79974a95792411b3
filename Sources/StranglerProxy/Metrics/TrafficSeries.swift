import Foundation
import NIOConcurrencyHelpers
import StranglerCore

/// Requests per side and 5xx answers of one feature over time: a ring of 10-second buckets covering the last
/// 30 minutes, for `GET /admin/overview` and the dashboard.
///
/// Recording happens once per answered request on the proxy's event loops: it takes one short, almost always
/// uncontended lock, writes three integers in place and allocates nothing. A bucket is reused (zeroed) when the
/// ring comes round to it again, so old traffic ages out without a sweeper.
final class TrafficSeries: Sendable {
    /// Width of one bucket, in seconds.
    static let bucketSeconds: Int64 = 10
    /// Buckets kept: 30 minutes.
    static let bucketCount = 180

    private struct Bucket {
        /// Which 10-second period (seconds since 1970 / 10) the counts belong to; -1 for never used.
        var epoch: Int64 = -1
        var legacy = 0
        var new = 0
        var errors = 0
    }

    private let ring = NIOLockedValueBox([Bucket](repeating: Bucket(), count: TrafficSeries.bucketCount))

    init() {}

    /// The current time in whole seconds since 1970 (a vDSO call, no allocation).
    static func now() -> Int64 {
        Int64(time(nil))
    }

    /// Counts one answered request of `side` at `second` (seconds since 1970).
    func record(side: Side, serverError: Bool, at second: Int64 = TrafficSeries.now()) {
        let epoch = second / Self.bucketSeconds
        let slot = Int(epoch % Int64(Self.bucketCount))
        self.ring.withLockedValue { ring in
            if ring[slot].epoch != epoch {
                ring[slot] = Bucket(epoch: epoch)
            }
            if side == .legacy {
                ring[slot].legacy &+= 1
            } else {
                ring[slot].new &+= 1
            }
            if serverError { ring[slot].errors &+= 1 }
        }
    }

    /// One point per bucket from the bucket holding `from` to the one holding `to` (both seconds since 1970),
    /// oldest first, empty buckets included; clamped to the 30 minutes kept.
    func points(from: Int64, to: Int64) -> [TrafficPoint] {
        let last = to / Self.bucketSeconds
        let first = max(from / Self.bucketSeconds, last - Int64(Self.bucketCount) + 1)
        guard first <= last else { return [] }
        // A fresh copy made under the lock, so the ring's buffer is never shared (a shared one would make the
        // next record copy it on write).
        let copy = self.ring.withLockedValue { ring in ring.map { $0 } }
        return (first...last).map { epoch in
            let bucket = copy[Int(epoch % Int64(Self.bucketCount))]
            let t = epoch * Self.bucketSeconds
            guard bucket.epoch == epoch else { return TrafficPoint(t: t, legacy: 0, new: 0, errors: 0) }
            return TrafficPoint(t: t, legacy: bucket.legacy, new: bucket.new, errors: bucket.errors)
        }
    }
}

/// Requests answered by each side, and 5xx answers, in one 10-second bucket.
public struct TrafficPoint: Codable, Sendable, Equatable {
    /// Start of the bucket, seconds since 1970.
    public var t: Int64
    /// Requests answered by legacy (the fallback upstream for unclaimed requests).
    public var legacy: Int
    /// Requests answered by the new side.
    public var new: Int
    /// Answers with a 5xx status, either side.
    public var errors: Int

    /// Creates a point.
    public init(t: Int64, legacy: Int, new: Int, errors: Int) {
        self.t = t
        self.legacy = legacy
        self.new = new
        self.errors = errors
    }
}
