import Foundation
import GRDB
import StranglerCore

/// The audit log of route table changes, in SQLite (WAL, `synchronous=FULL`): an entry that
/// ``append(_:)`` returned is on disk, so it survives the process being killed right after.
///
/// The proxy and the CLI open the same file; a busy timeout lets them take turns.
public final class AuditLog: Sendable {
    private let database: DatabasePool

    /// Opens (or creates) the audit log at `path`.
    public init(path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        self.database = try DatabasePool(path: path, configuration: configuration)
        try self.migrator.migrate(self.database)
    }

    private var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "change") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .double).notNull()
                t.column("trigger", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("reason", .text)
                t.column("changes", .text).notNull()
                t.column("diff", .text).notNull()
                t.column("file_text", .text).notNull()
            }
        }
        return migrator
    }

    /// Appends an entry and returns its revision number.
    @discardableResult
    public func append(_ entry: AuditEntry) throws -> Int64 {
        let changes = String(decoding: try JSONEncoder().encode(entry.changes), as: UTF8.self)
        return try self.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO change (at, trigger, actor, reason, changes, diff, file_text)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    entry.at.timeIntervalSince1970, entry.trigger, entry.actor, entry.reason, changes, entry.diff,
                    entry.fileText,
                ]
            )
            return db.lastInsertedRowID
        }
    }

    /// Entries newest first; with `feature`, only those that changed it.
    public func entries(feature: String? = nil, limit: Int = 100) throws -> [AuditEntry] {
        // Newest first through a cursor: rows are read only until `limit` entries matched.
        try self.database.read { db in
            var entries: [AuditEntry] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM change ORDER BY id DESC")
            while entries.count < limit, let row = try rows.next() {
                let entry = try Self.entry(from: row)
                if let feature, !entry.changes.contains(where: { $0.feature == feature }) { continue }
                entries.append(entry)
            }
            return entries
        }
    }

    /// The entry with revision `id`.
    public func entry(id: Int64) throws -> AuditEntry? {
        try self.database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM change WHERE id = ?", arguments: [id])
        }.map(Self.entry(from:))
    }

    /// The newest entry, if any.
    public func latest() throws -> AuditEntry? {
        try self.entries(limit: 1).first
    }

    /// The newest entry older than revision `id`.
    public func entry(before id: Int64) throws -> AuditEntry? {
        try self.database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM change WHERE id < ? ORDER BY id DESC LIMIT 1", arguments: [id])
        }.map(Self.entry(from:))
    }

    private static func entry(from row: Row) throws -> AuditEntry {
        let changesText: String = row["changes"]
        return AuditEntry(
            id: row["id"],
            at: Date(timeIntervalSince1970: row["at"]),
            trigger: row["trigger"],
            actor: row["actor"],
            reason: row["reason"],
            changes: try JSONDecoder().decode([TableChange].self, from: Data(changesText.utf8)),
            diff: row["diff"],
            fileText: row["file_text"]
        )
    }
}
