// Comparator throughput on two ~64 KiB JSON bodies (equal, and with a few planted differences), and cost per
// comparison on typical ~2 KiB bodies.
// Prints comparisons per second, MB/s (1 MB = 10^6 bytes of one body per second; both bodies are parsed, so
// the input rate is twice that) and µs per comparison. Also times Foundation's JSONSerialization on the large
// bodies, for reference.
//
//     swift run -c release --scratch-path .build-release ShadowCompareBench [seconds-per-case] [name-filter]
//
// With a name filter, only the cases whose name contains it run (for profiling one case).

import Foundation
import StranglerCore
import StranglerShadow

/// A feed page of about `target` bytes; `planted` changes a few fields.
func feedPage(target: Int, planted: Bool) -> [UInt8] {
    var items: [String] = []
    var size = 0
    var index = 0
    while size < target - 400 {
        let title = planted && index % 40 == 7 ? "Changed title \(index)" : "Video number \(index) about cats"
        let tags = planted && index % 9 == 0 ? #"["music","cats","live"]"# : #"["cats","music","live"]"#
        let views = planted && index == 30 ? 999_999 : index * 37
        let duration = planted && index == 50 ? "\(index).5" : "\(index).25"
        let sha =
            planted && index == 60
            ? "" : #","sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08""#
        let item = """
            {"id":\(1000 + index),"user_id":\(index % 5 + 1),"title":"\(title)","bytes":\(index * 1_048_576),\
            "status":"ready","duration_s":\(duration),"view_count":\(views),"tags":\(tags)\(sha),\
            "renditions":[{"name":"360p","width":640,"height":360,"bytes":\(index * 300_000),\
            "url":"/media/\(1000 + index)/360p.mp4"},{"name":"720p","width":1280,"height":720,\
            "bytes":\(index * 900_000),"url":"/media/\(1000 + index)/720p.mp4"}]}
            """
        items.append(item)
        size += item.utf8.count + 1
        index += 1
    }
    let served = planted ? "2026-05-01T10:00:01Z" : "2026-05-01T10:00:00Z"
    return Array(#"{"served_at":"\#(served)","items":[\#(items.joined(separator: ","))],"next_cursor":"abc"}"#.utf8)
}

/// A small feed page (a few items, ~2 KiB); `planted` also changes the second item's title.
func smallPage(planted: Bool) -> [UInt8] {
    let page = String(decoding: feedPage(target: 2 << 10, planted: planted), as: UTF8.self)
    guard planted else { return Array(page.utf8) }
    return Array(page.replacingOccurrences(of: "Video number 1 about", with: "Changed title 1 about").utf8)
}

/// Runs `body` repeatedly for about `seconds`; returns operations per second and the last result.
func measure(seconds: Double, _ body: () -> Int) -> (perSecond: Double, result: Int) {
    let clock = ContinuousClock()
    var result = 0
    for _ in 0..<20 { result &+= body() }
    var count = 0
    let start = clock.now
    var elapsed = Duration.zero
    repeat {
        for _ in 0..<50 { result &+= body() }
        count += 50
        elapsed = clock.now - start
    } while elapsed < .milliseconds(Int64(seconds * 1000))
    let (s, atto) = elapsed.components
    return (Double(count) / (Double(s) + Double(atto) / 1e18), result)
}

let seconds = CommandLine.arguments.dropFirst().first.flatMap(Double.init) ?? 2
let filter = CommandLine.arguments.dropFirst(2).first
let legacy = feedPage(target: 64 << 10, planted: false)
let copy = Array(legacy)
let planted = feedPage(target: 64 << 10, planted: true)
let smallLegacy = smallPage(planted: false)
let smallCopy = Array(smallLegacy)
let smallPlanted = smallPage(planted: true)
let rules = CompareSettings(
    ignore: ["$.served_at", "$.items[*].renditions[*].url"],
    unordered: ["$.items[*].tags"]
)
let diff = JSONDiff(rules: rules)
#if DEBUG
    let build = "debug"
#else
    let build = "release"
#endif
print(
    "shadow comparator benchmark (\(build) build), bodies \(legacy.count) and \(planted.count) bytes,"
        + " small bodies \(smallLegacy.count) and \(smallPlanted.count) bytes"
)
for (name, found) in [("", diff.compare(legacy, planted)), (" (small)", diff.compare(smallLegacy, smallPlanted))] {
    let listed = found.differences.map { "\($0.kind) \($0.path)" }
    print("planted differences found\(name): \(listed.joined(separator: ", "))")
}

/// Prints one case: comparisons per second, MB/s of one `bytes`-long body, µs per comparison.
func report(
    _ name: String,
    bytes: Int = legacy.count,
    _ measured: @autoclosure () -> (perSecond: Double, result: Int)
) {
    if let filter, !name.contains(filter) { return }
    let run = measured()
    let mb = run.perSecond * Double(bytes) / 1e6
    let line = name.padding(toLength: 50, withPad: " ", startingAt: 0)
    let micros = 1e6 / run.perSecond
    print(
        "\(line) \(String(format: "%9.0f", run.perSecond)) cmp/s  \(String(format: "%7.1f", mb)) MB/s"
            + "  \(String(format: "%8.2f", micros)) µs/cmp"
    )
}

report("JSONDiff, equal bodies", measure(seconds: seconds) { diff.compare(legacy, copy).differences.count })
report("JSONDiff, planted differences", measure(seconds: seconds) { diff.compare(legacy, planted).differences.count })
report(
    "JSONDiff, no rules, planted differences",
    measure(seconds: seconds) {
        JSONDiff(rules: CompareSettings()).compare(legacy, planted).differences.count
    }
)
report(
    "JSONDiff, \(smallLegacy.count) B equal bodies",
    bytes: smallLegacy.count,
    measure(seconds: seconds) { diff.compare(smallLegacy, smallCopy).differences.count }
)
report(
    "JSONDiff, \(smallLegacy.count) B planted differences",
    bytes: smallLegacy.count,
    measure(seconds: seconds) { diff.compare(smallLegacy, smallPlanted).differences.count }
)
// What the recorder's worker runs per mirrored request: status, the compared header, the body, the record.
let comparator = ResponseComparator(settings: rules)
func smallSample(_ body: [UInt8]) -> CapturedResponse {
    CapturedResponse(
        status: 200,
        headers: [
            ("Content-Type", "application/json; charset=utf-8"), ("Content-Length", "\(body.count)"),
            ("Date", "Fri, 01 May 2026 10:00:00 GMT"), ("Server", "feed-service"), ("Cache-Control", "no-cache"),
            ("Vary", "Accept-Encoding"), ("X-Request-Id", "7f3a9c2e-1d4b-4c8e-9a6f-2b5d8e1c0a47"),
            ("ETag", "\"33a64df551425fcc55e4d42a148795d9f25f89d4\""),
        ],
        body: body,
        latency: .milliseconds(3)
    )
}
let equalSample = ShadowSample(
    requestID: "bench-1",
    feature: "feed",
    method: "GET",
    path: "/api/feed",
    primarySide: .legacy,
    legacy: smallSample(smallLegacy),
    new: smallSample(smallCopy)
)
report(
    "ResponseComparator, \(smallLegacy.count) B equal sample",
    bytes: smallLegacy.count,
    measure(seconds: seconds) { comparator.compare(equalSample).differences.count }
)
let legacyData = Data(legacy)
let plantedData = Data(planted)
report(
    "JSONSerialization parse of both (reference)",
    measure(seconds: seconds) {
        let a = try? JSONSerialization.jsonObject(with: legacyData)
        let b = try? JSONSerialization.jsonObject(with: plantedData)
        return (a == nil ? 0 : 1) + (b == nil ? 0 : 1)
    }
)
