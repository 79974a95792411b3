import Foundation
import GRDB

/// What reports read.
extension ShadowStore {
    /// Outcome counts of one feature over a window; mismatches are split into real ones and noise-only ones
    /// against the noise paths learned so far.
    struct Totals: Equatable {
        var samples = 0
        var matched = 0
        var mismatched = 0
        var noiseOnly = 0
        var legacyErrors = 0
        var legacyTimeouts = 0
        var newErrors = 0
        var newTimeouts = 0
        var newFailuresJudged = 0
        var legacyServerErrors = 0
        var newServerErrors = 0
        var truncated = 0
    }

    /// Differences grouped by normalised path and kind.
    struct DifferenceGroup: Equatable {
        var path: String
        var kind: String
        var count: Int
        var exampleRequestID: String
        var examplePath: String
        var legacyValue: String?
        var newValue: String?
    }

    /// A learned noise path.
    struct LearnedNoise: Equatable {
        var path: String
        var observations: Int
        var exampleRequestID: String
    }

    static func since(_ date: Date?) -> Double { date?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude }

    /// Features with results or counters in the window, or learned noise, sorted.
    public func features(since: Date?) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT feature FROM comparison WHERE at >= ?1
                    UNION SELECT feature FROM counter WHERE minute >= ?2
                    UNION SELECT feature FROM noise_path
                    ORDER BY feature
                    """,
                arguments: [Self.since(since), Self.minute(since)]
            )
        }
    }

    static func minute(_ date: Date?) -> Int {
        guard let date else { return Int.min }
        return Int((date.timeIntervalSince1970 / 60).rounded(.down))
    }

    /// Outcome counts for `feature` since `since`.
    func totals(feature: String, since: Date?) throws -> Totals {
        try pool.read { db in
            let sql = """
                SELECT count(*),
                    coalesce(sum(outcome = 'match'), 0),
                    coalesce(sum(outcome = 'mismatch' AND (omitted > 0 OR EXISTS (
                        SELECT 1 FROM difference d WHERE d.comparison_id = c.id
                        AND d.group_path NOT IN (SELECT path FROM noise_path n WHERE n.feature = c.feature)))), 0),
                    coalesce(sum(outcome = 'mismatch'), 0),
                    coalesce(sum(legacy_failure IS NOT NULL AND legacy_failure <> 'timeout'), 0),
                    coalesce(sum(legacy_failure = 'timeout'), 0),
                    coalesce(sum(new_failure IS NOT NULL AND new_failure <> 'timeout'), 0),
                    coalesce(sum(new_failure = 'timeout'), 0),
                    coalesce(sum(legacy_failure IS NULL AND new_failure IS NOT NULL), 0),
                    coalesce(sum(legacy_status >= 500), 0),
                    coalesce(sum(new_status >= 500), 0),
                    coalesce(sum(body_truncated), 0)
                FROM comparison c WHERE feature = ? AND at >= ?
                """
            guard let row = try Row.fetchOne(db, sql: sql, arguments: [feature, Self.since(since)]) else {
                return Totals()
            }
            var totals = Totals()
            totals.samples = row[0]
            totals.mismatched = row[2]
            totals.noiseOnly = (row[3] as Int) - totals.mismatched
            totals.matched = (row[1] as Int) + totals.noiseOnly
            totals.legacyErrors = row[4]
            totals.legacyTimeouts = row[5]
            totals.newErrors = row[6]
            totals.newTimeouts = row[7]
            totals.newFailuresJudged = row[8]
            totals.legacyServerErrors = row[9]
            totals.newServerErrors = row[10]
            totals.truncated = row[11]
            return totals
        }
    }

    /// Differences of `feature` since `since`, grouped by normalised path and kind, most frequent first: the
    /// real ones (`noise == false`) or those on learned noise paths (`noise == true`). Each group counts
    /// comparisons and carries the latest example.
    func differenceGroups(feature: String, since: Date?, noise: Bool) throws -> [DifferenceGroup] {
        try pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.group_path, d.kind, count(DISTINCT d.comparison_id) AS n, c.request_id, d.path,
                        d.legacy_value, d.new_value, max(c.id)
                    FROM difference d JOIN comparison c ON c.id = d.comparison_id
                    WHERE c.feature = ?1 AND c.at >= ?2
                        AND (d.group_path IN (SELECT path FROM noise_path WHERE feature = ?1)) = ?3
                    GROUP BY d.group_path, d.kind
                    ORDER BY n DESC, d.group_path, d.kind
                    """,
                arguments: [feature, Self.since(since), noise]
            )
            return rows.map { row in
                DifferenceGroup(
                    path: row[0],
                    kind: row[1],
                    count: row[2],
                    exampleRequestID: row[3],
                    examplePath: row[4],
                    legacyValue: row[5],
                    newValue: row[6]
                )
            }
        }
    }

    /// Noise paths learned for `feature`, most observed first.
    func learnedNoise(feature: String) throws -> [LearnedNoise] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT path, observations, example_request_id FROM noise_path WHERE feature = ?
                    ORDER BY observations DESC, path
                    """,
                arguments: [feature]
            ).map { LearnedNoise(path: $0[0], observations: $0[1], exampleRequestID: $0[2]) }
        }
    }

    /// Counter totals (skip reasons, noise samples) of `feature` since `since`.
    func counters(feature: String, since: Date?) throws -> [String: Int] {
        try pool.read { db in
            var result: [String: Int] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT name, sum(count) FROM counter WHERE feature = ? AND minute >= ? GROUP BY name",
                arguments: [feature, Self.minute(since)]
            )
            while let row = try rows.next() { result[row[0]] = row[1] }
            return result
        }
    }

    /// Calls `body` with each comparison's latencies in microseconds (`nil` for a side that gave no response).
    func forEachLatency(feature: String, since: Date?, _ body: (Int64?, Int64?) -> Void) throws {
        try pool.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT legacy_us, new_us, legacy_failure IS NULL, new_failure IS NULL
                    FROM comparison WHERE feature = ? AND at >= ?
                    """,
                arguments: [feature, Self.since(since)]
            )
            while let row = try rows.next() {
                let legacyAnswered: Bool = row[2]
                let newAnswered: Bool = row[3]
                body(legacyAnswered ? row[0] : nil, newAnswered ? row[1] : nil)
            }
        }
    }
}
