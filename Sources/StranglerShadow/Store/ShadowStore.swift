import Foundation
import GRDB
import StranglerCore

/// The shadow results database (`<state>/shadow.sqlite`): one row per comparison with its differences, learned
/// noise paths, and per-minute skip counters. SQLite in WAL mode through GRDB, written in batches by the
/// recorder's worker and read by reports (also from another process: a busy timeout covers the overlap).
public final class ShadowStore: Sendable {
    let pool: DatabasePool

    /// The file this store was opened on.
    public let path: String

    /// Opens (creating when missing, with its folder) the store at `path`.
    ///
    /// - Parameter busyTimeout: how long a statement waits for another connection's lock before failing.
    public init(path: String, busyTimeout: Duration = .seconds(5)) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(Double(busyTimeout.microseconds) / 1e6)
        configuration.label = "shadow"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        self.path = path
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE comparison (
                        id INTEGER PRIMARY KEY,
                        request_id TEXT NOT NULL,
                        feature TEXT NOT NULL,
                        method TEXT NOT NULL,
                        path TEXT NOT NULL,
                        at REAL NOT NULL,
                        primary_side TEXT NOT NULL,
                        forced INTEGER NOT NULL,
                        source TEXT NOT NULL,
                        legacy_status INTEGER NOT NULL,
                        new_status INTEGER NOT NULL,
                        legacy_us INTEGER NOT NULL,
                        new_us INTEGER NOT NULL,
                        legacy_failure TEXT,
                        new_failure TEXT,
                        outcome TEXT NOT NULL,
                        body_format TEXT,
                        body_truncated INTEGER NOT NULL,
                        omitted INTEGER NOT NULL
                    );
                    CREATE INDEX comparison_feature_at ON comparison(feature, at);
                    CREATE TABLE difference (
                        comparison_id INTEGER NOT NULL REFERENCES comparison(id) ON DELETE CASCADE,
                        path TEXT NOT NULL,
                        group_path TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        legacy_value TEXT,
                        new_value TEXT
                    );
                    CREATE INDEX difference_comparison ON difference(comparison_id);
                    CREATE INDEX difference_group ON difference(group_path);
                    CREATE TABLE noise_path (
                        feature TEXT NOT NULL,
                        path TEXT NOT NULL,
                        observations INTEGER NOT NULL,
                        first_seen REAL NOT NULL,
                        last_seen REAL NOT NULL,
                        example_request_id TEXT NOT NULL,
                        PRIMARY KEY (feature, path)
                    );
                    CREATE TABLE counter (
                        feature TEXT NOT NULL,
                        name TEXT NOT NULL,
                        minute INTEGER NOT NULL,
                        count INTEGER NOT NULL,
                        PRIMARY KEY (feature, name, minute)
                    );
                    """
            )
        }
        return migrator
    }

    /// Noise taught by one noise sample: the normalised paths that differed between two legacy answers.
    public struct NoiseObservation: Sendable, Equatable {
        /// The feature.
        public var feature: String
        /// Normalised paths that differed (possibly none: the sample still counts).
        public var paths: Set<String>
        /// The request both answers were for.
        public var requestID: String
        /// When it was observed.
        public var at: Date

        /// Creates an observation.
        public init(feature: String, paths: Set<String>, requestID: String, at: Date) {
            self.feature = feature
            self.paths = paths
            self.requestID = requestID
            self.at = at
        }
    }

    /// An amount to add to a per-minute counter (skip reasons, noise samples).
    public struct CounterDelta: Sendable, Hashable {
        /// The feature.
        public var feature: String
        /// Counter name: a `SkipReason` raw value or `noiseSamples`.
        public var name: String
        /// Minutes since 1970.
        public var minute: Int
        /// Amount to add.
        public var count: Int

        /// Creates a delta.
        public init(feature: String, name: String, minute: Int, count: Int) {
            self.feature = feature
            self.name = name
            self.minute = minute
            self.count = count
        }
    }

    /// Name of the counter of noise samples compared.
    public static let noiseSamplesCounter = "noiseSamples"
    /// Counter of reads that differed at first and matched when both sides were asked again
    /// (`compare.settle`).
    public static let settledCounter = "settled"

    /// Writes a batch in one transaction: comparison rows with their differences, noise, counters.
    public func write(
        _ records: [ComparisonRecord],
        noise: [NoiseObservation] = [],
        counters: [CounterDelta] = []
    ) throws {
        try pool.write { db in
            try Self.insert(records, db)
            for observation in noise {
                for path in observation.paths {
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO noise_path (feature, path, observations, first_seen, last_seen, example_request_id)
                            VALUES (?, ?, 1, ?, ?, ?)
                            ON CONFLICT (feature, path) DO UPDATE SET
                                observations = observations + 1, last_seen = excluded.last_seen
                            """
                    ).execute(arguments: [
                        observation.feature, path, observation.at.timeIntervalSince1970,
                        observation.at.timeIntervalSince1970, observation.requestID,
                    ])
                }
            }
            for delta in counters where delta.count != 0 {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO counter (feature, name, minute, count) VALUES (?, ?, ?, ?)
                        ON CONFLICT (feature, name, minute) DO UPDATE SET count = count + excluded.count
                        """
                ).execute(arguments: [delta.feature, delta.name, delta.minute, delta.count])
            }
        }
    }

    /// Deletes comparisons (with their differences) and counters older than `cutoff`; learned noise stays.
    /// Returns the number of comparisons deleted.
    @discardableResult
    public func prune(before cutoff: Date) throws -> Int {
        try pool.write { db in
            let at = cutoff.timeIntervalSince1970
            try db.execute(
                sql: "DELETE FROM difference WHERE comparison_id IN (SELECT id FROM comparison WHERE at < ?)",
                arguments: [at]
            )
            try db.execute(sql: "DELETE FROM comparison WHERE at < ?", arguments: [at])
            let deleted = db.changesCount
            try db.execute(sql: "DELETE FROM counter WHERE minute < ?", arguments: [Int(at / 60)])
            return deleted
        }
    }

    static func insert(_ records: [ComparisonRecord], _ db: Database) throws {
        let row = try db.cachedStatement(
            sql: """
                INSERT INTO comparison (request_id, feature, method, path, at, primary_side, forced, source,
                    legacy_status, new_status, legacy_us, new_us, legacy_failure, new_failure, outcome,
                    body_format, body_truncated, omitted)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        let difference = try db.cachedStatement(
            sql: """
                INSERT INTO difference (comparison_id, path, group_path, kind, legacy_value, new_value)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        )
        for record in records {
            try row.execute(arguments: [
                record.requestID, record.feature, record.method, record.path, record.at.timeIntervalSince1970,
                record.primarySide.rawValue, record.forced, record.source.rawValue, record.legacyStatus,
                record.newStatus, record.legacyMicros, record.newMicros, record.legacyFailure, record.newFailure,
                record.outcome.rawValue, record.bodyFormat?.rawValue, record.bodyTruncated, record.omittedDifferences,
            ])
            let id = db.lastInsertedRowID
            for item in record.differences {
                try difference.execute(arguments: [
                    id, item.path, item.normalizedPath, item.kind.rawValue, item.legacyValue, item.newValue,
                ])
            }
        }
    }
}
