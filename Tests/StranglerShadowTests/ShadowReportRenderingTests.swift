import Foundation
import StranglerCore
import Testing

@testable import StranglerShadow

/// Text, JSON and HTML renderings, and the verdict.
struct ShadowReportRenderingTests {
    /// A report over stored rows: 30 samples, 3 mismatching at `$.items[*].title`, new side twice as slow.
    static func report() async throws -> ShadowReport {
        try await withTemporaryStore { store in
            var records: [ComparisonRecord] = []
            for index in 0..<30 {
                let differences =
                    index < 3
                    ? [
                        Difference(
                            path: "$.items[\(index)].title",
                            kind: .changed,
                            legacyValue: #""<a>""#,
                            newValue: "1"
                        )
                    ]
                    : []
                records.append(
                    ComparisonRecord(
                        requestID: "req-\(index)",
                        feature: "feed",
                        method: "GET",
                        path: "/api/feed",
                        at: Date(),
                        legacyStatus: 200,
                        newStatus: 200,
                        legacyMicros: Int64(1000 + index * 100),
                        newMicros: Int64(2000 + index * 200),
                        outcome: differences.isEmpty ? .match : .mismatch,
                        bodyFormat: .json,
                        differences: differences
                    )
                )
            }
            try store.write(records)
            let thresholds = VerdictSettings(minSamples: 10, maxMismatchPct: 20, maxP99Ratio: 3)
            return try #require(try ShadowReport.make(store: store, thresholds: { _ in thresholds }).first)
        }
    }

    @Test func verdictIsReadyWithinThresholds() async throws {
        let report = try await Self.report()
        #expect(report.mismatchPct == 10)
        #expect(report.verdict.ready)
        #expect(report.verdict.text == "READY")
        #expect(report.latency.legacy.count == 30)
        #expect(abs(report.latency.legacy.p50 - 2.4) / 2.4 < 0.01)
        #expect(abs((report.latency.ratios.p99 ?? 0) - 2) < 0.02)
        #expect(report.latency.buckets.map(\.legacy).reduce(0, +) == 30)
        #expect(report.latency.buckets.map(\.new).reduce(0, +) == 30)
    }

    @Test(arguments: [
        (VerdictSettings(minSamples: 31, maxMismatchPct: 50, maxP99Ratio: 3), ["only 30 samples (min 31)"]),
        (VerdictSettings(minSamples: 1, maxMismatchPct: 5, maxP99Ratio: 3), ["mismatch 10.0% > 5.0%"]),
        (VerdictSettings(minSamples: 1, maxMismatchPct: 50, maxP99Ratio: 1.5), ["p99 ratio 2.0x > 1.5x"]),
    ])
    func verdictReasons(thresholds: VerdictSettings, reasons: [String]) async throws {
        let report = try await Self.report()
        let verdict = ShadowReport.Verdict.judge(
            judged: report.judged,
            mismatchPct: report.mismatchPct,
            latency: report.latency,
            thresholds: thresholds
        )
        #expect(verdict.reasons == reasons)
        #expect(verdict.text == "NOT READY: " + reasons.joined(separator: "; "))
    }

    @Test func jsonRoundTrips() async throws {
        let report = try await Self.report()
        let data = try ShadowReport.json([report])
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode([ShadowReport].self, from: data)
        #expect(decoded.first?.mismatches == report.mismatches)
        #expect(decoded.first?.verdict == report.verdict)
    }

    @Test func htmlIsSelfContainedWithChartsAndTable() async throws {
        let html = ShadowReport.html([try await Self.report()])
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        #expect(html.contains("Mismatches by path"))
        #expect(html.contains("<code>$.items[*].title</code>"))
        #expect(html.contains("&quot;&lt;a&gt;&quot;"), "values are escaped")
        #expect(!html.contains("<script"))
        let external = html.components(separatedBy: "http").dropFirst().filter {
            !$0.hasPrefix("://www.w3.org/2000/svg")
        }
        #expect(external.isEmpty, "no external assets")
    }

    @Test func textNamesPathsAndVerdict() async throws {
        let text = try await Self.report().text
        #expect(text.contains("verdict     READY"))
        #expect(text.contains("$.items[*].title"))
        #expect(!text.split(separator: "\n").contains { $0.hasSuffix(" ") })
    }

    @Test func textSaysWhyRequestsWereSkipped() async throws {
        var report = try await Self.report()
        report.skipped = ["mirrorBusy": 12, "sampledOut": 3]
        let lines = report.text.split(separator: "\n").map(String.init)
        let busy = "  skipped     mirrorBusy 12 (copies in flight to that side at its bound"
        #expect(lines.contains { $0.hasPrefix(busy) })
        #expect(lines.contains("              sampledOut 3 (not picked by shadow.sample)"))
    }
}
