import Foundation

/// The recorder's bounded queue: many producers (the proxy's event loops) that never wait, one consumer (the
/// worker thread) that blocks when it is empty.
///
/// `tryEnqueue` takes a short lock and signals a condition variable: no I/O, no waiting for room. Flush markers
/// and the close signal are not bounded: they come from tests, replays and shutdown, not from traffic.
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
        condition.signal()
        return true
    }

    /// Appends a flush marker whatever the fill level; `false` when closed.
    func enqueueFlush(_ continuation: CheckedContinuation<Void, Never>) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        items.append(.flush(continuation))
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
    func take(max: Int, idle: TimeInterval) -> [Item]? {
        condition.lock()
        let deadline = Date(timeIntervalSinceNow: idle)
        while head == items.count && !closed {
            guard condition.wait(until: deadline) else {
                condition.unlock()
                return []
            }
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
            if case .flush = item { continue }
            boundedCount -= 1
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
