import Synchronization
import VideoContract

/// The feed's in-memory read model: every video pre-encoded, each author's video ids sorted,
/// and the follow graph. Requests read it under a short lock; no SQLite on the request path.
///
/// It is rebuilt from the feed's own SQLite at start and updated after every durable write.
final class FeedReadModel: Sendable {
    /// One page of a feed.
    struct Page {
        /// Items, newest first (at most `limit`).
        let items: [FeedVideo]
        /// The last item's id when more items follow.
        let nextCursor: Int64?
    }

    private struct State {
        var videos: [Int64: FeedVideo] = [:]
        /// Video ids per author, ascending.
        var byAuthor: [Int64: [Int64]] = [:]
        /// Who each user follows.
        var followees: [Int64: [Int64]] = [:]
        var users: Set<Int64> = []
    }

    private let state = Mutex(State())

    init() {}

    /// Adds or replaces videos (their authors become known users).
    func upsert(_ videos: [FeedVideo]) {
        state.withLock { state in
            for video in videos {
                let id = video.video.id
                let author = video.video.userID
                if let old = state.videos[id], old.video.userID != author {
                    state.byAuthor[old.video.userID]?.removeAll { $0 == id }
                }
                if state.videos[id]?.video.userID != author {
                    Self.insertSorted(id, into: &state.byAuthor[author, default: []])
                }
                state.videos[id] = video
                state.users.insert(author)
            }
        }
    }

    /// The video with `id`, if known.
    func video(id: Int64) -> FeedVideo? {
        state.withLock { $0.videos[id] }
    }

    /// Adds known users.
    func addUsers(_ ids: some Sequence<Int64>) {
        state.withLock { $0.users.formUnion(ids) }
    }

    /// Replaces the whole follow graph with `pairs` (follower, followee).
    func replaceFollows(_ pairs: [(follower: Int64, followee: Int64)]) {
        var graph: [Int64: [Int64]] = [:]
        for pair in pairs { graph[pair.follower, default: []].append(pair.followee) }
        state.withLock { $0.followees = graph }
    }

    /// One page of `userID`'s feed: its own and its followees' videos with ids below `cursor`,
    /// newest first. `nil` when the user is unknown.
    func page(userID: Int64, limit: Int, cursor: Int64?) -> Page? {
        state.withLock { state -> Page? in
            guard state.users.contains(userID) else { return nil }
            let below = cursor ?? Int64.max
            var lists: [[Int64]] = []
            var positions: [Int] = []
            for author in [userID] + (state.followees[userID] ?? []) {
                guard let ids = state.byAuthor[author], !ids.isEmpty else { continue }
                let start = Self.lowerBound(below, in: ids) - 1
                if start >= 0 {
                    lists.append(ids)
                    positions.append(start)
                }
            }
            var items: [FeedVideo] = []
            items.reserveCapacity(limit)
            var more = false
            while true {
                var best = -1
                var bestID = Int64.min
                for index in lists.indices where positions[index] >= 0 {
                    let id = lists[index][positions[index]]
                    if id > bestID {
                        bestID = id
                        best = index
                    }
                }
                guard best >= 0 else { break }
                if items.count == limit {
                    more = true
                    break
                }
                positions[best] -= 1
                if let video = state.videos[bestID] { items.append(video) }
            }
            return Page(items: items, nextCursor: more ? items.last?.video.id : nil)
        }
    }

    /// Number of videos held (for tests and logs).
    var videoCount: Int { state.withLock { $0.videos.count } }

    /// Index of the first element not less than `value` in ascending `ids`.
    private static func lowerBound(_ value: Int64, in ids: [Int64]) -> Int {
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func insertSorted(_ id: Int64, into ids: inout [Int64]) {
        if let last = ids.last, last < id {
            ids.append(id)
            return
        }
        let index = lowerBound(id, in: ids)
        if index < ids.count, ids[index] == id { return }
        ids.insert(id, at: index)
    }
}
