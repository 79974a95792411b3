import Foundation

/// The recorder's bounded queue: many producers (the proxy's event loops) that never wait, one consumer (the
/// worker thread) that blocks when it is empty.
///
/// `tryEnqueue` takes a short lock and, only when the worker sleeps on an empty queue or a full batch is ready,
/// signals a condition variable: no I/O, no waiting for room, and under load no wake-up per sample. Flush
/// markers and the close signal are not bounded: they come from tests, replays and shutdown, not from traffic.
final class SampleQueue: @unchecked Sendable {
    /// One unit of work for the worker.
    enum Item {
        case sample(ShadowSample)
        case noise(NoiseSample)
        case flush(CheckedContinuation<Void, Never>)
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private var head = 0
    private var boundedCount = 0
    private var closed = false
    private var spaceWaiters: [CheckedContinuation<Bool, Never>] = []
    /// Flush markers queued and not yet taken: a lingering worker stops lingering for them.
    private var pendingFlushes = 0
    /// The worker sleeps until the first item arrives.
    private var consumerIdle = false
    /// The worker waits for a fuller batch; wake it only once this many items are queued.
    private var lingeringFor: Int?
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        items.reserveCapacity(min(self.capacity, 4096))
    }

    /// Appends `item` unless the queue is full or closed; never waits.
    func tryEnqueue(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed, boundedCount < capacity else { return false }
        boundedCount += 1
        items.append(item)
        if consumerIdle || lingeringFor.map({ items.count - head >= $0 }) == true { condition.signal() }
        return true
    }

    /// Appends a flush marker whatever the fill level; `false` when closed.
    func enqueueFlush(_ continuation: CheckedContinuation<Void, Never>) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        items.append(.flush(continuation))
        pendingFlushes += 1
        condition.signal()
        return true
    }

    /// Resumes `continuation` with `true` once there is room (at once if there is), `false` when closed.
    func waitForSpace(_ continuation: CheckedContinuation<Bool, Never>) {
        condition.lock()
        if closed || boundedCount < capacity {
            let open = !closed
            condition.unlock()
            continuation.resume(returning: open)
            return
        }
        spaceWaiters.append(continuation)
        condition.unlock()
    }

    /// Waits for work and takes up to `max` items; returns `nil` once closed and drained, and an empty batch
    /// when `idle` passes without work.
    ///
    /// With `linger`, once the first item is there it waits up to that long for `max` items (less when a flush
    /// or the close arrives), so that under load one batch — one database transaction — carries many samples
    /// instead of one each.
    func take(max: Int, idle: TimeInterval, linger: TimeInterval = 0) -> [Item]? {
        condition.lock()
        let deadline = Date(timeIntervalSinceNow: idle)
        consumerIdle = true
        while head == items.count && !closed {
            guard condition.wait(until: deadline) else {
                consumerIdle = false
                condition.unlock()
                return []
            }
        }
        consumerIdle = false
        if linger > 0, items.count - head < max, !closed, pendingFlushes == 0 {
            lingeringFor = max
            let until = Date(timeIntervalSinceNow: linger)
            while items.count - head < max, !closed, pendingFlushes == 0, condition.wait(until: until) {}
            lingeringFor = nil
        }
        guard head < items.count else {
            condition.unlock()
            return nil
        }
        let end = min(items.count, head + max)
        let batch = Array(items[head..<end])
        head = end
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 4096 {
            items.removeFirst(head)
            head = 0
        }
        for item in batch {
            if case .flush = item {
                pendingFlushes -= 1
            } else {
                boundedCount -= 1
            }
        }
        let waiters = spaceWaiters
        spaceWaiters = []
        condition.unlock()
        for waiter in waiters { waiter.resume(returning: true) }
        return batch
    }

    /// Refuses new items; the consumer drains what is queued, then `take` returns `nil`.
    func close() {
        condition.lock()
        closed = true
        let waiters = spaceWaiters
        spaceWaiters = []
        condition.broadcast()
        condition.unlock()
        for waiter in waiters { waiter.resume(returning: false) }
    }

    /// Items waiting (samples and noise samples).
    var depth: Int {
        condition.lock()
        defer { condition.unlock() }
        return boundedCount
    }
}
