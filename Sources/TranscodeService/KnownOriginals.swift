import Synchronization

/// Where videos' originals are and whose they are, once located: an original never moves and never changes
/// owner, so `POST /api/transcode` asks the databases about a video once rather than on every job (each
/// database access is a thread hop, and hops are what a busy machine makes slow).
///
/// Bounded: past `capacity` entries the whole map is forgotten and refilled from the databases as asked.
final class KnownOriginals: Sendable {
    /// A located original.
    struct Original: Sendable, Equatable {
        let path: String
        /// `nil` when legacy has the file but not its row.
        let userID: Int64?
    }

    private let entries = Mutex<[Int64: Original]>([:])
    private let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = max(1, capacity)
    }

    subscript(videoID: Int64) -> Original? {
        entries.withLock { $0[videoID] }
    }

    func remember(_ original: Original, for videoID: Int64) {
        let capacity = self.capacity
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[videoID] = original
        }
    }
}
