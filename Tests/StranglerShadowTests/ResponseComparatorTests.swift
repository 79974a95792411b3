import StranglerCore
import Testing

@testable import StranglerShadow

/// Status, headers, failures and noise.
struct ResponseComparatorTests {
    let comparator = ResponseComparator(settings: CompareSettings(headers: ["content-type", "cache-control"]))

    @Test func equalResponsesMatch() {
        let record = comparator.compare(sample("r1", legacy: response(#"{"a":1}"#), new: response(#"{"a":1}"#, ms: 30)))
        #expect(record.outcome == .match)
        #expect(record.differences.isEmpty)
        #expect(record.bodyFormat == .json)
        #expect(record.legacyMicros == 10_000)
        #expect(record.newMicros == 30_000)
    }

    @Test func statusAndHeadersAreCompared() {
        var new = response(#"{"a":2}"#, status: 500)
        new.headers = [("content-type", "text/plain"), ("Cache-Control", "no-store")]
        let record = comparator.compare(sample("r1", legacy: response(#"{"a":1}"#), new: new))
        #expect(record.outcome == .mismatch)
        #expect(record.differences.map(\.path) == ["status", "header:content-type", "header:cache-control", "$.a"])
        #expect(record.differences.map(\.kind) == [.changed, .changed, .extra, .changed])
        #expect(record.differences[0].legacyValue == "200")
        #expect(record.differences[0].newValue == "500")
    }

    @Test(arguments: [
        (CapturedResponse.Failure.timeout, true, ComparisonRecord.Outcome.legacyTimeout),
        (.connect("refused"), true, .legacyError),
        (.timeout, false, .newTimeout),
        (.reset("eof"), false, .newError),
    ])
    func failuresAreOutcomes(failure: CapturedResponse.Failure, onLegacy: Bool, outcome: ComparisonRecord.Outcome) {
        let failed = CapturedResponse.failed(failure, after: .seconds(5))
        let ok = response("{}")
        let record = comparator.compare(sample("r", legacy: onLegacy ? failed : ok, new: onLegacy ? ok : failed))
        #expect(record.outcome == outcome)
        #expect((onLegacy ? record.legacyFailure : record.newFailure) == failure.description)
        #expect(record.differences.isEmpty)
    }

    @Test func truncatedBodiesAreFlagged() {
        var legacy = response(#"{"a":[1,2"#)
        legacy.bodyTruncated = true
        let record = comparator.compare(sample("r", legacy: legacy, new: legacy))
        #expect(record.bodyTruncated)
        #expect(record.bodyFormat == .opaque)
        #expect(record.outcome == .match)
    }

    @Test func headersAreMatchedByNameInAnyCaseAndComparedInOrder() {
        func record(_ a: [(String, String)], _ b: [(String, String)]) -> [String] {
            var legacy = response("{}")
            var new = response("{}")
            legacy.headers = a
            new.headers = b
            return comparator.compare(sample("r", legacy: legacy, new: new)).differences.map {
                "\($0.kind) \($0.path) \($0.legacyValue ?? "-") \($0.newValue ?? "-")"
            }
        }
        let json = ("Content-Type", "application/json")
        #expect(record([json, ("Date", "x")], [("date", "y"), ("CONTENT-TYPE", "application/json")]).isEmpty)
        #expect(
            record([("Cache-Control", "a"), ("cache-control", "b")], [("cache-control", "b"), ("Cache-Control", "a")])
                == ["changed header:cache-control a, b b, a"]
        )
        #expect(record([json, ("Cache-Control", "a")], [json]) == ["missing header:cache-control a -"])
        #expect(
            record([json], [json, ("Cache-Control", "a"), ("Cache-Control", "b")]) == [
                "extra header:cache-control - a, b"
            ]
        )
    }

    /// Header names match exactly when `lowercased()` says so, non-ASCII names included.
    @Test(arguments: [
        ("Content-Type", "content-type"), ("content-type", "content-type"), ("Content-Typ", "content-type"),
        ("Content-Types", "content-type"), ("", "content-type"), ("content-type", ""), ("X-É", "x-é"),
        ("\u{212A}ey", "key"), ("KEY", "key"), ("key", "KEY"), ("K\u{301}", "k\u{301}"), ("İd", "i\u{307}d"),
        ("ETag", "etag"), ("etag\u{301}", "etag"), ("etag", "\u{212A}"), ("e", "e\u{301}"),
    ])
    func headerNamesMatchLikeLowercased(header: String, name: String) {
        #expect(ResponseComparator.isHeader(header, named: name) == (header.lowercased() == name))
    }

    @Test func noisePathsAreNormalised() {
        let first = response(#"{"at":"10:00:01","items":[{"id":"x1","t":"a"},{"id":"x2","t":"b"}]}"#)
        let second = response(#"{"at":"10:00:02","items":[{"id":"y1","t":"a"},{"id":"y2","t":"b"}]}"#)
        let noise = NoiseSample(feature: "feed", requestID: "r", path: "/", first: first, second: second)
        #expect(comparator.noisePaths(noise) == ["$.at", "$.items[*].id"])
    }
}
