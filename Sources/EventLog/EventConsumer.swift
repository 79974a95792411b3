/// Reads a consumer group's events from an `EventLog` and hands them to a handler:
/// in offset order per key, in parallel across keys, at least once.
///
/// The group's offset is committed as the contiguous prefix of handled events, so after a
/// crash or restart the consumer resumes where it can be sure everything before was handled;
/// events handled after that point may be delivered again, so handlers must be idempotent.
/// A handler that throws is retried (with backoff, up to 5 s apart) before its key moves on;
/// other keys keep flowing meanwhile.
public struct EventConsumer: Sendable {
    private let log: any EventLog
    private let group: String
    private let types: Set<String>?
    private let pollInterval: Duration
    private let maxParallelKeys: Int
    private let batchSize = 256

    /// Creates a consumer for `group`.
    ///
    /// - Parameters:
    ///   - log: The log to read.
    ///   - group: The consumer group; each group has its own committed offset.
    ///   - types: Event types to handle; others are skipped (and committed). `nil` handles all.
    ///   - pollInterval: How long to wait before looking for new events once caught up.
    ///   - maxParallelKeys: How many keys are handled at the same time.
    public init(
        log: any EventLog,
        group: String,
        types: Set<String>? = nil,
        pollInterval: Duration = .milliseconds(50),
        maxParallelKeys: Int = 8
    ) {
        self.log = log
        self.group = group
        self.types = types
        self.pollInterval = pollInterval
        self.maxParallelKeys = max(1, maxParallelKeys)
    }

    private enum Outcome: Sendable {
        case tick
        case handled(key: String, offsets: [Int64])
    }

    /// Consumes events until the surrounding task is cancelled, then returns.
    ///
    /// Errors from the log itself (a busy database, say) are retried after the poll interval.
    public func run(handler: @escaping @Sendable (Event) async throws -> Void) async throws {
        var state = ConsumerState(committed: try await log.committedOffset(group: group))
        let maxBuffered = max(batchSize, maxParallelKeys * 32)
        await withTaskGroup(of: Outcome.self) { tasks in
            var tickPending = false
            while !Task.isCancelled {
                var caughtUp = true
                if state.bufferedCount < maxBuffered {
                    do {
                        let events = try await log.read(after: state.readPosition, limit: batchSize)
                        state.ingest(events, types: types)
                        caughtUp = events.count < batchSize
                    } catch {
                        caughtUp = true
                    }
                }
                for batch in state.takeRunnable(limit: maxParallelKeys) {
                    tasks.addTask { await Self.handle(batch.key, batch.events, with: handler) }
                }
                if caughtUp || state.bufferedCount >= maxBuffered {
                    if !tickPending {
                        tickPending = true
                        tasks.addTask { [pollInterval] in
                            try? await Task.sleep(for: pollInterval)
                            return .tick
                        }
                    }
                    switch await tasks.next() {
                    case .tick?, nil: tickPending = false
                    case .handled(let key, let offsets)?: state.finish(key: key, offsets: offsets)
                    }
                }
                if let offset = state.advance() {
                    try? await log.commit(group: group, offset: offset)
                }
            }
            tasks.cancelAll()
        }
    }

    /// Handles one key's events in order, retrying a failing handler until it succeeds
    /// or the task is cancelled; returns the offsets handled.
    private static func handle(
        _ key: String,
        _ events: [Event],
        with handler: @Sendable (Event) async throws -> Void
    ) async -> Outcome {
        var handled: [Int64] = []
        for event in events {
            var delay = Duration.milliseconds(100)
            while true {
                if Task.isCancelled { return .handled(key: key, offsets: handled) }
                do {
                    try await handler(event)
                    break
                } catch {
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(5))
                }
            }
            handled.append(event.offset)
        }
        return .handled(key: key, offsets: handled)
    }
}
