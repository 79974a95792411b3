import NIOCore
import Synchronization

/// How many shadows are in flight from one event loop to each shadow side, bounded: past the bound a mirror
/// is dropped and counted, never queued behind the user. A shadow holds its place from admission until its
/// answers are paired (on whichever thread brings the last one, see ``ShadowPair``) or it is abandoned.
///
/// The bound of a side follows how long its places are held. A side that answers within `slowerThanPrimary`
/// times the primary's latency (the users' answers to the same requests) gets the whole `limit`: a healthy
/// new service is mirrored every request. A slower one gets proportionally fewer places, down to
/// `minimumLimit`; its answers are still compared, fewer of them, and the rest are counted as `mirrorBusy`.
/// A copy costs the proxy the same CPU however long it waits, on the core that serves the users: a side
/// answering after 200 ms kept 128 places busy, 640 copies a second, and at 4000 req/s the users' p99 was
/// 1.34-1.57x legacy's; with 32 places 1.22x, with this bound (8 places for it) 1.08x (ad-hoc paced runs on
/// one shared core, 6-8 cycles each; in bench-shadow's paced runs 1.19x, with its A/A pair 1.08x apart).
///
/// Past half a side's bound, admissions are also spaced out, one per (mean time a place is held / bound): the
/// rate at which places free up. Without that, a slow side frees its places all at once (copies sent together
/// time out together) and they were refilled by the very next requests, so every request in that burst
/// carried a copy. Below half the bound, a burst of user requests is mirrored whole.
final class ShadowFlights: Sendable {
    /// A place taken: which side, and when, to learn how long places are held.
    struct Admission: Sendable {
        let side: UpstreamKey
        let at: NIODeadline
    }

    /// The places of one shadow side.
    fileprivate struct Side {
        var active = 0
        /// Mean nanoseconds a place is held (exponentially weighted, 1/8 per release).
        var meanHold: Int64 = 0
        /// Mean nanoseconds the primary took to answer the requests mirrored to this side (weighted alike).
        var primaryLatency: Int64 = 0
        /// While past half the bound, no admission before this uptime (nanoseconds).
        var nextAdmission: UInt64 = 0
    }

    private let sides = Mutex<[UpstreamKey: Side]>([:])
    /// Places per side when it answers about as fast as the primary.
    let limit: Int
    /// Places per side however slow it is, so that a slow side is still compared.
    let minimumLimit: Int
    /// How many times slower than the primary a side may answer and keep the whole `limit`.
    let slowerThanPrimary: Int64

    init(limit: Int = 128, minimumLimit: Int = 8, slowerThanPrimary: Int64 = 4) {
        self.limit = limit
        self.minimumLimit = min(minimumLimit, limit)
        self.slowerThanPrimary = slowerThanPrimary
    }

    /// Takes a place on `side`; `nil` when the side already carries its bound of shadows from this loop, or is
    /// past half of it and the last admission was too recent. Called only on the loop's own thread.
    func admit(_ side: UpstreamKey, now: NIODeadline = .now()) -> Admission? {
        let admitted = self.sides.withLock { self.admit(&$0[side, default: Side()], at: now.uptimeNanoseconds) }
        return admitted ? Admission(side: side, at: now) : nil
    }

    /// Gives a place back (from any thread).
    func release(_ admission: Admission, now: NIODeadline = .now()) {
        let held = Int64((now - admission.at).nanoseconds)
        self.sides.withLock { $0[admission.side]?.release(held: held) }
    }

    /// The primary answered a request mirrored to `side` after `latency` (on the loop's own thread).
    func primaryAnswered(_ side: UpstreamKey, after latency: Duration) {
        self.sides.withLock { $0[side]?.primaryLatency.weigh(latency.timeAmount.nanoseconds) }
    }

    /// The bound `side` has now (for tests and diagnostics).
    func bound(for side: UpstreamKey) -> Int {
        self.sides.withLock { self.bound($0[side, default: Side()]) }
    }

    /// Takes a place on `flights` if its bound allows it at `now` (uptime nanoseconds).
    private func admit(_ flights: inout Side, at now: UInt64) -> Bool {
        let bound = self.bound(flights)
        guard flights.active < bound else { return false }
        let spaced = flights.active >= bound / 2
        if spaced && now < flights.nextAdmission { return false }
        flights.active += 1
        if spaced { flights.nextAdmission = now + UInt64(flights.meanHold / Int64(bound)) }
        return true
    }

    private func bound(_ side: Side) -> Int {
        let allowed = side.primaryLatency * self.slowerThanPrimary
        guard allowed > 0, side.meanHold > allowed else { return self.limit }
        return max(self.minimumLimit, Int(Int64(self.limit) * allowed / side.meanHold))
    }
}

extension ShadowFlights.Side {
    /// Gives a place back that was held `held` nanoseconds.
    mutating func release(held: Int64) {
        self.active -= 1
        self.meanHold.weigh(held)
    }
}

extension Int64 {
    /// Moves an exponentially weighted mean 1/8 of the way to `sample` (the first sample sets it).
    fileprivate mutating func weigh(_ sample: Int64) {
        self = self == 0 ? sample : self + (sample - self) / 8
    }
}
