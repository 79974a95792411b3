import EventLog
import Logging

/// Moves committed outbox entries into the event log, oldest first, one at a time, so each
/// user's events keep their commit order. A crash between append and removal publishes an
/// entry twice, which at-least-once consumers already tolerate.
struct OutboxRelay: Sendable {
    private let store: UploadStore
    private let log: any EventLog
    private let logger: Logger
    private let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation

    init(store: UploadStore, log: any EventLog, logger: Logger) {
        self.store = store
        self.log = log
        self.logger = logger
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Says that an entry was committed.
    func wake() {
        signal.yield()
    }

    /// Relays until the task is cancelled; also drains what a previous process left behind.
    func run() async {
        wake()
        for await _ in signals {
            while !Task.isCancelled {
                var published: Int64?
                do {
                    let entries = try await store.pendingOutbox(limit: 64)
                    guard !entries.isEmpty else { break }
                    for entry in entries {
                        _ = try await log.append(type: entry.type, key: entry.key, payload: entry.payload)
                        published = entry.seq
                    }
                    try await store.removeOutbox(through: entries[entries.count - 1].seq)
                } catch {
                    if let published { try? await store.removeOutbox(through: published) }
                    logger.error("could not relay events to the event log: \(error)")
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
        }
    }
}
