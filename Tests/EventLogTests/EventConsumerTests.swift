import Foundation
import Synchronization
import Testing

@testable import EventLog

struct EventConsumerTests {
    @Test func deliversInOrderPerKeyAndCommitsEverything() async throws {
        let log = try SQLiteEventLog(path: TemporaryDirectory.make().appendingPathComponent("events.sqlite").path)
        for index in 0..<200 {
            _ = try await log.append(type: "t", key: "user-\(index % 10)", payload: Data("\(index)".utf8))
        }
        let seen = Recorder()
        let consumer = EventConsumer(log: log, group: "g", pollInterval: .milliseconds(10))
        let task = Task { try await consumer.run { event in seen.add(event) } }
        try await waitUntil { seen.count >= 200 }
        let latest = try await log.latestOffset()
        try await waitUntil { try await log.committedOffset(group: "g") == latest }
        task.cancel()
        try await task.value
        let events = seen.events
        for key in Set(events.map(\.key)) {
            let offsets = events.filter { $0.key == key }.map(\.offset)
            #expect(offsets == offsets.sorted())
        }
        #expect(Set(events.map(\.offset)).count == 200)
    }

    @Test func keysRunInParallelWhileOneKeyIsSlow() async throws {
        let log = try SQLiteEventLog(path: TemporaryDirectory.make().appendingPathComponent("events.sqlite").path)
        _ = try await log.append(type: "t", key: "slow", payload: Data())
        for _ in 0..<5 { _ = try await log.append(type: "t", key: "fast", payload: Data()) }
        let gate = Gate()
        let seen = Recorder()
        let consumer = EventConsumer(log: log, group: "g", pollInterval: .milliseconds(10))
        let task = Task {
            try await consumer.run { event in
                if event.key == "slow" { await gate.wait() }
                seen.add(event)
            }
        }
        try await waitUntil { seen.count == 5 }
        // The slow key holds the contiguous prefix: nothing may be committed yet.
        #expect(try await log.committedOffset(group: "g") == 0)
        await gate.open()
        try await waitUntil { try await log.committedOffset(group: "g") == 6 }
        task.cancel()
        try await task.value
    }

    @Test func restartResumesAfterCommittedPrefixAndFiltersTypes() async throws {
        let log = try SQLiteEventLog(path: TemporaryDirectory.make().appendingPathComponent("events.sqlite").path)
        for index in 0..<10 {
            _ = try await log.append(type: index.isMultiple(of: 2) ? "keep" : "skip", key: "k", payload: Data())
        }
        let first = Recorder()
        let consumer = EventConsumer(log: log, group: "g", types: ["keep"], pollInterval: .milliseconds(10))
        let task = Task { try await consumer.run { first.add($0) } }
        try await waitUntil { try await log.committedOffset(group: "g") == 10 }
        task.cancel()
        try await task.value
        #expect(first.events.map(\.type) == Array(repeating: "keep", count: 5))

        _ = try await log.append(type: "keep", key: "k", payload: Data())
        let second = Recorder()
        let again = Task { try await consumer.run { second.add($0) } }
        try await waitUntil { second.count == 1 }
        again.cancel()
        try await again.value
        #expect(second.events.map(\.offset) == [11])
    }

    @Test func failingHandlerIsRetriedBeforeTheKeyMovesOn() async throws {
        let log = try SQLiteEventLog(path: TemporaryDirectory.make().appendingPathComponent("events.sqlite").path)
        _ = try await log.append(type: "t", key: "k", payload: Data("a".utf8))
        _ = try await log.append(type: "t", key: "k", payload: Data("b".utf8))
        let failures = Mutex(2)
        let seen = Recorder()
        let consumer = EventConsumer(log: log, group: "g", pollInterval: .milliseconds(10))
        let task = Task {
            try await consumer.run { event in
                let fail = failures.withLock { count in
                    defer { count -= 1 }
                    return count > 0
                }
                if fail { throw CancellationError() }
                seen.add(event)
            }
        }
        try await waitUntil { seen.count == 2 }
        task.cancel()
        try await task.value
        #expect(seen.events.map(\.payload) == [Data("a".utf8), Data("b".utf8)])
    }
}

/// Collects handled events across tasks.
final class Recorder: Sendable {
    private let storage = Mutex<[Event]>([])
    func add(_ event: Event) { storage.withLock { $0.append(event) } }
    var events: [Event] { storage.withLock { $0 } }
    var count: Int { storage.withLock { $0.count } }
}

/// A one-shot latch handlers can wait on.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }
}

/// Polls `condition` until it holds, failing the test after `seconds`.
func waitUntil(
    seconds: Double = 10,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within \(seconds) s", sourceLocation: sourceLocation)
    throw CancellationError()
}
