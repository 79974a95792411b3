import Foundation
import NIOConcurrencyHelpers
import StranglerCore

/// Holds the route table the proxy serves from, and swaps it atomically on reload.
///
/// Readers take a ``RouteSnapshot`` under a short lock and then work on that immutable value; a reload
/// never blocks a request for longer than one pointer copy.
public final class RouteTableStore: Sendable {
    /// What `GET /admin/status` reports about the table.
    public struct Status: Sendable {
        /// Revision of the table being served.
        public var revision: Int
        /// When that revision was installed.
        public var installedAt: Date
        /// The error of the most recent failed reload, if it failed after the last success.
        public var lastError: String?
        /// When the most recent reload attempt happened.
        public var lastAttemptAt: Date?
    }

    private struct State {
        var snapshot: RouteSnapshot
        var status: Status
    }

    private let state: NIOLockedValueBox<State>
    /// The metrics each snapshot takes its handles from.
    public let metrics: ProxyMetrics

    /// Creates a store serving `table` as revision 1.
    public init(table: RouteTable, metrics: ProxyMetrics = ProxyMetrics()) {
        self.metrics = metrics
        let snapshot = RouteSnapshot(compiled: CompiledRouteTable(table), revision: 1, metrics: metrics)
        self.state = NIOLockedValueBox(
            State(snapshot: snapshot, status: Status(revision: 1, installedAt: Date(), lastError: nil))
        )
    }

    /// The snapshot new requests are routed with.
    public var current: RouteSnapshot {
        self.state.withLockedValue { $0.snapshot }
    }

    /// The table's revision and the last reload error.
    public var status: Status {
        self.state.withLockedValue { $0.status }
    }

    /// Installs a new table and returns its revision; requests already in flight keep their snapshot.
    @discardableResult
    public func install(_ table: RouteTable) -> Int {
        let compiled = CompiledRouteTable(table)
        return self.state.withLockedValue { state in
            let revision = state.snapshot.revision + 1
            state.snapshot = RouteSnapshot(compiled: compiled, revision: revision, metrics: self.metrics)
            let now = Date()
            state.status = Status(revision: revision, installedAt: now, lastError: nil, lastAttemptAt: now)
            return revision
        }
    }

    /// Records a reload that found the file valid and equal to the table served: a stale error is cleared.
    public func recordUnchanged() {
        self.state.withLockedValue { state in
            state.status.lastError = nil
            state.status.lastAttemptAt = Date()
        }
    }

    /// Records a rejected reload; the current table keeps serving.
    public func recordRejected(_ message: String) {
        self.state.withLockedValue { state in
            state.status.lastError = message
            state.status.lastAttemptAt = Date()
        }
    }
}
