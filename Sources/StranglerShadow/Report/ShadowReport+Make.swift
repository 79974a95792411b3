import Foundation
import Histogram
import StranglerCore

extension ShadowReport {
    /// Builds the reports of `feature` (or of every feature with results) from `store`, over the results since
    /// `since` (everything when `nil`), judged against `thresholds(feature)`.
    ///
    /// Noise is applied here, not when rows are written: a difference on a path learned as noise (at any time)
    /// counts as noise, so noise learned late still cleans up older rows.
    public static func make(
        store: ShadowStore,
        feature: String? = nil,
        since: Date? = nil,
        now: Date = Date(),
        thresholds: (String) -> VerdictSettings
    ) throws -> [ShadowReport] {
        let features = try feature.map { [$0] } ?? store.features(since: since)
        return try features.map { name in
            try make(store: store, feature: name, since: since, now: now, thresholds: thresholds(name))
        }
    }

    static func make(
        store: ShadowStore,
        feature: String,
        since: Date?,
        now: Date,
        thresholds: VerdictSettings
    ) throws -> ShadowReport {
        let totals = try store.totals(feature: feature, since: since)
        let real = try store.differenceGroups(feature: feature, since: since, noise: false)
        let suppressed = try store.differenceGroups(feature: feature, since: since, noise: true)
        let learned = try store.learnedNoise(feature: feature)
        var counters = try store.counters(feature: feature, since: since)
        let noiseSamples = counters.removeValue(forKey: ShadowStore.noiseSamplesCounter) ?? 0
        let settled = counters.removeValue(forKey: ShadowStore.settledCounter) ?? 0
        var legacyHistogram = LatencyComparison.histogram()
        var newHistogram = LatencyComparison.histogram()
        try store.forEachLatency(feature: feature, since: since) { legacy, new in
            if let legacy { _ = legacyHistogram.record(UInt64(max(1, legacy))) }
            if let new { _ = newHistogram.record(UInt64(max(1, new))) }
        }
        var suppressedByPath: [String: Int] = [:]
        for group in suppressed { suppressedByPath[group.path, default: 0] += group.count }
        let judged = totals.samples - totals.legacyErrors - totals.legacyTimeouts
        let answered = totals.matched + totals.mismatched
        let mismatchPct = judged > 0 ? Double(totals.mismatched + totals.newFailuresJudged) * 100 / Double(judged) : 0
        let latency = LatencyComparison(legacy: legacyHistogram, new: newHistogram)
        return ShadowReport(
            feature: feature,
            since: since,
            generatedAt: now,
            samples: totals.samples,
            judged: judged,
            matched: totals.matched,
            noiseOnly: totals.noiseOnly,
            mismatched: totals.mismatched,
            matchPct: answered > 0 ? Double(totals.matched) * 100 / Double(answered) : 0,
            mismatchPct: mismatchPct,
            legacy: SideHealth(
                errors: totals.legacyErrors,
                timeouts: totals.legacyTimeouts,
                serverErrors: totals.legacyServerErrors
            ),
            new: SideHealth(
                errors: totals.newErrors,
                timeouts: totals.newTimeouts,
                serverErrors: totals.newServerErrors
            ),
            mismatches: real.map {
                PathGroup(
                    path: $0.path,
                    kind: $0.kind,
                    count: $0.count,
                    exampleRequestID: $0.exampleRequestID,
                    examplePath: $0.examplePath,
                    legacyValue: $0.legacyValue,
                    newValue: $0.newValue
                )
            },
            noise: learned.map {
                NoisePath(path: $0.path, observations: $0.observations, suppressed: suppressedByPath[$0.path] ?? 0)
            },
            noiseSamples: noiseSamples,
            settled: settled,
            skipped: counters,
            truncatedBodies: totals.truncated,
            latency: latency,
            verdict: Verdict.judge(judged: judged, mismatchPct: mismatchPct, latency: latency, thresholds: thresholds)
        )
    }
}

extension ShadowReport.Verdict {
    /// Applies the thresholds: enough judged samples, mismatch share, p99 latency ratio.
    public static func judge(
        judged: Int,
        mismatchPct: Double,
        latency: LatencyComparison,
        thresholds: VerdictSettings
    ) -> ShadowReport.Verdict {
        var reasons: [String] = []
        if judged < thresholds.minSamples {
            reasons.append("only \(judged) samples (min \(thresholds.minSamples))")
        }
        if mismatchPct > thresholds.maxMismatchPct {
            reasons.append("mismatch \(Format.percent(mismatchPct)) > \(Format.percent(thresholds.maxMismatchPct))")
        }
        if let ratio = latency.ratios.p99, ratio > thresholds.maxP99Ratio {
            reasons.append("p99 ratio \(Format.ratio(ratio)) > \(Format.ratio(thresholds.maxP99Ratio))")
        } else if latency.new.count == 0, judged > 0 {
            reasons.append("no latency measured on the new side")
        }
        return ShadowReport.Verdict(ready: reasons.isEmpty, reasons: reasons)
    }
}
