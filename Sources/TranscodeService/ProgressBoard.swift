import Synchronization

/// Live progress of running jobs, written by worker threads and read by `GET /api/transcode/{job}`.
final class ProgressBoard: Sendable {
    private let fractions = Mutex<[Int64: Double]>([:])

    /// Sets job `id`'s progress (0…1).
    func set(_ id: Int64, _ fraction: Double) { fractions.withLock { $0[id] = fraction } }

    /// Forgets job `id` (it finished; the store has its final state).
    func remove(_ id: Int64) { _ = fractions.withLock { $0.removeValue(forKey: id) } }

    /// Job `id`'s progress while it runs.
    func progress(_ id: Int64) -> Double? { fractions.withLock { $0[id] } }
}
