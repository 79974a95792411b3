/// The shadows in flight on one event loop: keeps each alive until its answers are in, and bounds how
/// many there are (past the bound a mirror is dropped and counted, never queued behind the user).
final class ShadowFlights {
    private var active: [ObjectIdentifier: ShadowTee] = [:]
    let limit: Int

    init(limit: Int = 128) {
        self.limit = limit
    }

    var count: Int { self.active.count }

    /// Registers `tee`; `false` when the loop already carries `limit` shadows.
    func admit(_ tee: ShadowTee) -> Bool {
        guard self.active.count < self.limit else { return false }
        self.active[ObjectIdentifier(tee)] = tee
        return true
    }

    func remove(_ tee: ShadowTee) {
        self.active.removeValue(forKey: ObjectIdentifier(tee))
    }
}
