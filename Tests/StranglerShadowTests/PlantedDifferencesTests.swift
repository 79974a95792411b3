import Foundation
import StranglerCore
import Testing

@testable import StranglerShadow

/// End to end through the recorder and the store: a new-side stand-in that changes one field, drops one,
/// reorders an unordered array and stamps its own time. The report must name exactly the real paths, with
/// counts, and the timestamp only as noise.
struct PlantedDifferencesTests {
    static let rules = CompareSettings(ignore: ["$.items[*].view_count"], unordered: ["$.items[*].tags"])

    /// Legacy's feed page; `clock` is the varying timestamp.
    static func legacy(_ index: Int, clock: Int) -> String {
        """
        {"generated_at":"2026-05-01T10:\(clock / 60):\(clock % 60)Z","items":[\
        {"id":1,"title":"Cats \(index)","tags":["a","b","c"],"view_count":\(index)},\
        {"id":2,"title":"Dogs","tags":["x","y"],"view_count":7}],"next_cursor":"c\(index)"}
        """
    }

    /// The new side: title of the second item changed every 4th request, `next_cursor` dropped every 5th, tags
    /// always reordered, its own timestamp and view counts.
    static func new(_ index: Int, clock: Int) -> String {
        let title = index % 4 == 0 ? "Doggos" : "Dogs"
        let cursor = index % 5 == 0 ? "" : #","next_cursor":"c\#(index)""#
        return """
            {"generated_at":"2026-05-01T11:\(clock / 60):\(clock % 60)Z","items":[\
            {"id":1,"title":"Cats \(index)","tags":["c","a","b"],"view_count":\(index + 100)},\
            {"id":2,"title":"\(title)","tags":["y","x"],"view_count":8}]\(cursor)}
            """
    }

    @Test func reportNamesExactlyTheRealPathsAndTheTimestampAsNoise() async throws {
        try await withTemporaryStore { store in
            try await withRunningRecorder(store: store, rules: Self.rules) { recorder in
                for index in 0..<40 {
                    let legacy = response(Self.legacy(index, clock: index), ms: 10 + Double(index) * 0.1)
                    let new = response(Self.new(index, clock: index + 1), ms: 20 + Double(index) * 0.2)
                    #expect(recorder.offer(sample("req-\(index)", legacy: legacy, new: new)))
                }
                // Noise is learned after the rows were written: it still applies, at report time.
                for index in 0..<5 {
                    let first = response(Self.legacy(index, clock: index))
                    let second = response(Self.legacy(index, clock: index + 7))
                    let noise = NoiseSample(
                        feature: "feed",
                        requestID: "n\(index)",
                        path: "/",
                        first: first,
                        second: second
                    )
                    #expect(recorder.offerNoise(noise))
                }
                await recorder.flush()
            }
            let reports = try ShadowReport.make(store: store, feature: "feed", thresholds: { _ in VerdictSettings() })
            let report = try #require(reports.first)
            #expect(report.samples == 40)
            #expect(
                report.mismatches.map { "\($0.path) \($0.kind) \($0.count)" } == [
                    "$.items[*].title changed 10", "$.next_cursor missing 8",
                ]
            )
            #expect(report.mismatches[0].exampleRequestID == "req-36")
            #expect(report.mismatches[0].examplePath == "$.items[1].title")
            #expect(report.mismatches[0].legacyValue == #""Dogs""#)
            #expect(report.mismatches[0].newValue == #""Doggos""#)
            #expect(report.noise.map(\.path) == ["$.generated_at"])
            #expect(report.noise.first?.observations == 5)
            #expect(report.noise.first?.suppressed == 40)
            #expect(report.noiseSamples == 5)
            #expect(report.mismatched == 16)
            #expect(report.matched == 24)
            #expect(report.noiseOnly == 24)
            #expect(report.mismatchPct == 40)
            #expect(
                report.verdict.reasons == [
                    "only 40 samples (min 100)", "mismatch 40.0% > 1.0%", "p99 ratio 2.0x > 1.5x",
                ]
            )
            #expect(report.verdict.text.hasPrefix("NOT READY: only 40 samples"))
            #expect(!report.text.contains("$.generated_at changed"))
            #expect(report.text.contains("$.items[*].title"))
        }
    }
}
