import Dispatch
import Foundation
import NIOConcurrencyHelpers
import StranglerAudit
import StranglerCore
import StranglerShadow

/// Makes ``Overview``s: traffic from the in-memory series, shadow figures from the shadow store, last flips from
/// the audit log.
///
/// The store and audit reads are blocking SQLite work: they run on one serial queue of their own (never on an
/// event loop, never holding a thread of Swift's cooperative pool), cover at most the last 30 minutes, and are
/// reused for ``cacheTTL`` while the table revision is unchanged, so a room full of dashboards polling every
/// two seconds costs one read set per interval.
final class OverviewBuilder: Sendable {
    /// Window of `requests_recent` and `new_share_recent`.
    static let recentSeconds: Int64 = 300
    /// Window of the series and of the shadow figures.
    static let windowSeconds: Int64 = 1800
    /// How long store and audit figures are reused.
    static let cacheTTL: Duration = .milliseconds(1500)

    private struct Stored: Sendable {
        var revision: Int
        var madeAt: ContinuousClock.Instant
        var shadow: [String: Overview.ShadowOverview]
        var flips: [String: Overview.LastFlip]
    }

    private let dependencies: AdminServer.Dependencies
    private let queue = DispatchQueue(label: "strangler.admin.overview")
    private let cache = NIOLockedValueBox<Stored?>(nil)

    init(dependencies: AdminServer.Dependencies) {
        self.dependencies = dependencies
    }

    /// The overview as of now.
    func overview() async throws -> Overview {
        let snapshot = self.dependencies.store.current
        let stored = try await self.storedFigures(snapshot: snapshot)
        let now = TrafficSeries.now()
        let started = Int64(self.dependencies.startedAt.timeIntervalSince1970)
        let from = max(now - Self.windowSeconds, started)
        let metrics = self.dependencies.metrics
        let features = snapshot.table.features.map { feature in
            let series = metrics.traffic(feature: feature.name)?.points(from: from, to: now) ?? []
            let recent = Self.recent(series, now: now)
            let answered = recent.reduce(0) { $0 + $1.legacy + $1.new }
            return Overview.FeatureOverview(
                name: feature.name,
                mode: feature.mode.rawValue,
                percent: feature.percent,
                newShareRecent: answered > 0 ? Double(recent.reduce(0) { $0 + $1.new }) / Double(answered) : nil,
                requestsRecent: answered,
                errorsRecent: recent.reduce(0) { $0 + $1.errors },
                series: series,
                shadow: stored.shadow[feature.name],
                lastFlip: stored.flips[feature.name]
            )
        }
        let unclaimed = metrics.traffic(feature: "-")?.points(from: from, to: now) ?? []
        return Overview(
            generatedAt: Date(),
            revision: snapshot.revision,
            uptimeS: Date().timeIntervalSince(self.dependencies.startedAt),
            bucketS: Int(TrafficSeries.bucketSeconds),
            recentS: Int(Self.recentSeconds),
            windowS: Int(now - from),
            features: features,
            unclaimed: .init(
                requestsRecent: Self.recent(unclaimed, now: now).reduce(0) { $0 + $1.legacy + $1.new },
                series: unclaimed
            )
        )
    }

    /// The points of the last ``recentSeconds``.
    static func recent(_ series: [TrafficPoint], now: Int64) -> ArraySlice<TrafficPoint> {
        let start = now - recentSeconds
        return series.drop { $0.t + TrafficSeries.bucketSeconds <= start }
    }

    /// Shadow figures and last flips: cached, else read on the overview queue.
    private func storedFigures(snapshot: RouteSnapshot) async throws -> Stored {
        if let cached = self.fresh(revision: snapshot.revision) { return cached }
        return try await withCheckedThrowingContinuation { continuation in
            self.queue.async {
                continuation.resume(
                    with: Result {
                        // A caller queued behind another may find its figures already made.
                        if let cached = self.fresh(revision: snapshot.revision) { return cached }
                        let made = try self.read(table: snapshot.table, revision: snapshot.revision)
                        self.cache.withLockedValue { $0 = made }
                        return made
                    }
                )
            }
        }
    }

    private func fresh(revision: Int) -> Stored? {
        self.cache.withLockedValue { cached in
            guard let cached, cached.revision == revision, ContinuousClock.now - cached.madeAt < Self.cacheTTL
            else { return nil }
            return cached
        }
    }

    private func read(table: RouteTable, revision: Int) throws -> Stored {
        let now = Date()
        let since = now.addingTimeInterval(-Double(Self.windowSeconds))
        var shadow: [String: Overview.ShadowOverview] = [:]
        if let store = self.dependencies.shadowStore {
            for feature in table.features {
                let report = try ShadowReport.make(
                    store: store,
                    feature: feature.name,
                    since: since,
                    now: now,
                    thresholds: { _ in feature.verdict }
                ).first
                guard let report else { continue }
                shadow[feature.name] = Self.shadowOverview(
                    report,
                    matchSeries: try store.matchRatePerMinute(feature: feature.name, since: since)
                )
            }
        }
        return Stored(
            revision: revision,
            madeAt: .now,
            shadow: shadow,
            flips: try self.dependencies.audit.map { audit in
                try Overview.LastFlip.latest(in: audit, features: table.features.map(\.name))
            } ?? [:]
        )
    }

    static func shadowOverview(_ report: ShadowReport, matchSeries: [MatchRatePoint]) -> Overview.ShadowOverview {
        let buckets = report.latency.buckets
        return Overview.ShadowOverview(
            samples: report.samples,
            matchPct: report.matchPct,
            mismatchPct: report.mismatchPct,
            p99LegacyMs: report.latency.legacy.p99,
            p99NewMs: report.latency.new.p99,
            p99Ratio: report.latency.ratios.p99,
            verdictReady: report.verdict.ready,
            verdictText: report.verdict.text,
            matchSeries: matchSeries,
            latencyHistogram: .init(
                bucketsMs: buckets.isEmpty ? [] : [buckets[0].lowerMs] + buckets.map(\.upperMs),
                legacy: buckets.map(\.legacy),
                new: buckets.map(\.new)
            )
        )
    }
}
