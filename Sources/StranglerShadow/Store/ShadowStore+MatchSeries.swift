import Foundation
import GRDB

/// The match rate of one minute of comparisons: what the dashboard charts over time.
public struct MatchRatePoint: Codable, Sendable, Equatable {
    /// Start of the minute, seconds since 1970.
    public var t: Int64
    /// Comparisons stored in the minute.
    public var samples: Int
    /// Comparisons where both sides answered.
    public var answered: Int
    /// Of `answered`, those that agreed (differences on learned noise paths aside).
    public var matched: Int
    /// `matched` in percent of `answered`; `nil` when neither side answered in the minute.
    public var matchPct: Double?

    /// Creates a point.
    public init(t: Int64, samples: Int, answered: Int, matched: Int) {
        self.t = t
        self.samples = samples
        self.answered = answered
        self.matched = matched
        self.matchPct = answered > 0 ? Double(matched) * 100 / Double(answered) : nil
    }

    enum CodingKeys: String, CodingKey { case t, samples, answered, matched, matchPct }

    /// Encodes every key, `null` for a minute without answers.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.t, forKey: .t)
        try c.encode(self.samples, forKey: .samples)
        try c.encode(self.answered, forKey: .answered)
        try c.encode(self.matched, forKey: .matched)
        try c.encode(self.matchPct, forKey: .matchPct)
    }
}

extension ShadowStore {
    /// The match rate of `feature` per minute since `since`, oldest first; minutes without comparisons are left
    /// out. A mismatch only on learned noise paths counts as a match, as in ``ShadowReport``.
    public func matchRatePerMinute(feature: String, since: Date) throws -> [MatchRatePoint] {
        try pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT CAST(at / 60 AS INTEGER) AS minute,
                        count(*),
                        coalesce(sum(outcome = 'match'), 0),
                        coalesce(sum(outcome = 'mismatch'), 0),
                        coalesce(sum(outcome = 'mismatch' AND (omitted > 0 OR EXISTS (
                            SELECT 1 FROM difference d WHERE d.comparison_id = c.id
                            AND d.group_path NOT IN (SELECT path FROM noise_path n WHERE n.feature = c.feature)))), 0)
                    FROM comparison c WHERE feature = ? AND at >= ?
                    GROUP BY minute ORDER BY minute
                    """,
                arguments: [feature, since.timeIntervalSince1970]
            )
            return rows.map { row in
                let matches: Int = row[2]
                let mismatches: Int = row[3]
                let real: Int = row[4]
                return MatchRatePoint(
                    t: (row[0] as Int64) * 60,
                    samples: row[1],
                    answered: matches + mismatches,
                    matched: matches + mismatches - real
                )
            }
        }
    }
}
