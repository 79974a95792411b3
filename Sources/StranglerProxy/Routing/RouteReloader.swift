import Foundation
import Logging
import NIOConcurrencyHelpers
import StranglerCore

/// Reads, validates, compiles and installs the route file: the one path every reload takes, whether it
/// was triggered by the file watcher, SIGHUP or `POST /admin/reload`.
public final class RouteReloader: Sendable {
    /// What one reload attempt did.
    public enum Outcome: Sendable, Equatable {
        /// A new table is being served.
        case installed(revision: Int)
        /// The file parses to the table already being served.
        case unchanged(revision: Int)
        /// The file was rejected; the previous table keeps serving.
        case rejected(message: String)
    }

    /// The route file's path as the user gave it (used in `file:line:col` messages).
    public let path: String
    private let store: RouteTableStore
    private let logger: Logger
    private let lock = NIOLock()

    public init(path: String, store: RouteTableStore, logger: Logger) {
        self.path = path
        self.store = store
        self.logger = logger
    }

    /// Loads the route file once; used at start-up, where a bad file is fatal.
    public static func load(path: String) throws -> RouteTable {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RouteFileUnreadable(path: path, reason: "\(error.localizedDescription)")
        }
        return try RouteTableParser.parse(text, file: path)
    }

    /// Reloads the route file. Safe to call from any thread; reloads run one at a time.
    @discardableResult
    public func reload(trigger: String) -> Outcome {
        self.lock.withLock {
            let outcome: Outcome
            do {
                let table = try Self.load(path: self.path)
                let current = self.store.current
                if table == current.table {
                    outcome = .unchanged(revision: current.revision)
                } else if table.listen != current.table.listen || table.admin != current.table.admin {
                    outcome = .rejected(
                        message:
                            "\(self.path): listen and admin addresses cannot change while running; restart the proxy"
                    )
                } else {
                    outcome = .installed(revision: self.store.install(table))
                }
            } catch {
                outcome = .rejected(message: "\(error)")
            }
            switch outcome {
            case .installed(let revision):
                self.logger.info(
                    "route table reloaded",
                    metadata: ["revision": "\(revision)", "trigger": "\(trigger)"]
                )
            case .unchanged:
                self.logger.debug("route file unchanged", metadata: ["trigger": "\(trigger)"])
            case .rejected(let message):
                self.store.recordRejected(message)
                self.logger.error(
                    "route file rejected, keeping the current table",
                    metadata: [
                        "error": "\(message)", "trigger": "\(trigger)",
                    ]
                )
            }
            return outcome
        }
    }
}

/// The route file could not be read at all.
public struct RouteFileUnreadable: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(self.path): cannot read the route file: \(self.reason)" }
}
