import NIOCore
import Synchronization

/// How many shadows are in flight from one event loop, bounded: past the bound a mirror is dropped and
/// counted, never queued behind the user. A shadow holds its place from admission until its answers are
/// paired (on whichever thread brings the last one, see ``ShadowPair``) or it is abandoned.
///
/// Past half the bound, admissions are also spaced out, one per (mean time a place is held / bound): the
/// rate at which places free up. Without that, a slow new side frees its places all at once (128 copies
/// sent together time out together) and they were refilled by the very next requests, so every request
/// in that burst carried a copy: on a shared core, with a side that answers after 2 s, the user's p99 at
/// 4000 req/s was 1.73x legacy's (1.30x with the spacing; ad-hoc runs, 6 cycles each), although the copies
/// cost only ~6% more CPU. Below half the bound, a burst of user requests is mirrored whole.
final class ShadowFlights: Sendable {
    /// When a place was taken, to learn how long places are held.
    struct Admission: Sendable {
        let at: NIODeadline
    }

    private let active = Atomic<Int>(0)
    /// Mean nanoseconds a place is held (exponentially weighted, 1/8 per release).
    private let meanHold = Atomic<Int64>(0)
    /// While past half the bound, no admission before this uptime (nanoseconds).
    private let nextAdmission = Atomic<Int64>(0)
    let limit: Int

    init(limit: Int = 128) {
        self.limit = limit
    }

    /// Takes a place; `nil` when the loop already carries `limit` shadows, or is past half of them and the
    /// last admission was too recent. Called only on the loop's own thread.
    func admit(now: NIODeadline = .now()) -> Admission? {
        let current = self.active.load(ordering: .relaxed)
        guard current < self.limit else { return nil }
        let spaced = current >= self.limit / 2
        if spaced && now.uptimeNanoseconds < UInt64(self.nextAdmission.load(ordering: .relaxed)) { return nil }
        self.active.add(1, ordering: .relaxed)
        if spaced {
            let gap = self.meanHold.load(ordering: .relaxed) / Int64(self.limit)
            self.nextAdmission.store(Int64(now.uptimeNanoseconds) + gap, ordering: .relaxed)
        }
        return Admission(at: now)
    }

    /// Gives a place back (from any thread).
    func release(_ admission: Admission, now: NIODeadline = .now()) {
        self.active.subtract(1, ordering: .relaxed)
        // Two releases at once may lose one's update: it is an estimate.
        let held = Int64((now - admission.at).nanoseconds)
        let mean = self.meanHold.load(ordering: .relaxed)
        self.meanHold.store(mean == 0 ? held : mean + (held - mean) / 8, ordering: .relaxed)
    }
}
