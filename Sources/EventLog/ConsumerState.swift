/// The bookkeeping of one `EventConsumer` run, without any I/O: which events are buffered,
/// which keys are being handled, and how far the group may commit.
///
/// Every event read from the log is tracked in offset order until it is handled (or skipped
/// because its type is not wanted); the committable offset is the end of the contiguous prefix
/// of handled events, so a crash never loses an event that was read but not handled.
struct ConsumerState {
    /// Offsets read and not yet committed, in increasing order (`head` marks the first live one).
    private var tracked: [Int64] = []
    private var head = 0
    /// Tracked offsets whose handling is finished.
    private var finished: Set<Int64> = []
    /// Events waiting for their key's turn, per key, in offset order.
    private var waiting: [String: [Event]] = [:]
    /// Keys whose events are being handled right now.
    private(set) var busyKeys: Set<String> = []
    /// The newest offset read from the log.
    private(set) var readPosition: Int64
    /// The offset the group has committed (or will commit next).
    private(set) var committable: Int64

    /// Starts after `committed`, the group's stored offset.
    init(committed: Int64) {
        readPosition = committed
        committable = committed
    }

    /// Events read but not yet committable.
    var bufferedCount: Int { tracked.count - head }

    /// Adds freshly read events; those whose type is not in `types` count as handled at once.
    mutating func ingest(_ events: [Event], types: Set<String>?) {
        for event in events where event.offset > readPosition {
            readPosition = event.offset
            tracked.append(event.offset)
            if let types, !types.contains(event.type) {
                finished.insert(event.offset)
            } else {
                waiting[event.key, default: []].append(event)
            }
        }
    }

    /// Takes the waiting events of up to `limit - busyKeys.count` idle keys and marks those keys busy.
    mutating func takeRunnable(limit: Int) -> [(key: String, events: [Event])] {
        var batches: [(key: String, events: [Event])] = []
        let runnable = waiting.keys
            .filter { !busyKeys.contains($0) }
            .sorted { (waiting[$0]?.first?.offset ?? 0) < (waiting[$1]?.first?.offset ?? 0) }
        for key in runnable where busyKeys.count < limit {
            guard let events = waiting.removeValue(forKey: key), !events.isEmpty else { continue }
            busyKeys.insert(key)
            batches.append((key, events))
        }
        return batches
    }

    /// Records that `key`'s worker finished `offsets` and is idle again.
    mutating func finish(key: String, offsets: [Int64]) {
        busyKeys.remove(key)
        finished.formUnion(offsets)
    }

    /// Advances `committable` over the contiguous prefix of handled events.
    ///
    /// Returns the new committable offset when it moved, `nil` otherwise.
    mutating func advance() -> Int64? {
        let before = committable
        while head < tracked.count, finished.remove(tracked[head]) != nil {
            committable = tracked[head]
            head += 1
        }
        if head > 1024, head * 2 > tracked.count {
            tracked.removeFirst(head)
            head = 0
        }
        if head == tracked.count {
            committable = max(committable, readPosition)
        }
        return committable > before ? committable : nil
    }
}
