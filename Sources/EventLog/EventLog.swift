import Foundation

/// An append-only log of events with consumer groups, each with its own committed offset.
///
/// This is the seam a real broker (Kafka, NATS, PostgreSQL) can replace later: producers
/// only `append`, consumers `read` after their group's committed offset and `commit` what
/// they handled. Delivery is at-least-once, so consumers must be idempotent.
public protocol EventLog: Sendable {
    /// Appends an event and returns its offset.
    func append(type: String, key: String, payload: Data) async throws -> Int64
    /// Returns up to `limit` events with offsets greater than `offset`, in offset order.
    func read(after offset: Int64, limit: Int) async throws -> [Event]
    /// The offset up to which `group` has handled every event (0 when it has never committed).
    func committedOffset(group: String) async throws -> Int64
    /// Records that `group` has handled every event up to and including `offset`.
    ///
    /// Commits never move a group backwards: a smaller offset than the stored one is ignored.
    func commit(group: String, offset: Int64) async throws
}
