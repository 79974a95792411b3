import Synchronization

/// How many shadows are in flight from one event loop, bounded: past the bound a mirror is dropped and
/// counted, never queued behind the user. A shadow holds its place from admission until its answers are
/// paired (on whichever thread brings the last one, see ``ShadowPair``) or it is abandoned.
final class ShadowFlights: Sendable {
    private let active = Atomic<Int>(0)
    let limit: Int

    init(limit: Int = 128) {
        self.limit = limit
    }

    /// Takes a place; `false` when the loop already carries `limit` shadows.
    func admit() -> Bool {
        var current = self.active.load(ordering: .relaxed)
        while current < self.limit {
            let (exchanged, original) = self.active.compareExchange(
                expected: current,
                desired: current + 1,
                ordering: .relaxed
            )
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Gives a place back.
    func release() {
        self.active.subtract(1, ordering: .relaxed)
    }
}
