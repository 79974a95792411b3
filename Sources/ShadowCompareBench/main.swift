// Comparator throughput on two ~64 KiB JSON bodies: equal, and with a few planted differences.
// Prints MB/s (1 MB = 10^6 bytes of one body per second; both bodies are parsed, so the input rate is twice
// that). Also times Foundation's JSONSerialization on the same bodies, for reference.
//
//     swift run -c release --scratch-path .build-release ShadowCompareBench [seconds-per-case]

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
let legacy = feedPage(target: 64 << 10, planted: false)
let copy = Array(legacy)
let planted = feedPage(target: 64 << 10, planted: true)
let rules = CompareSettings(
    ignore: ["$.served_at", "$.items[*].renditions[*].url"],
    unordered: ["$.items[*].tags"]
)
let diff = JSONDiff(rules: rules)
let found = diff.compare(legacy, planted)
#if DEBUG
    let build = "debug"
#else
    let build = "release"
#endif
print("shadow comparator benchmark (\(build) build), bodies \(legacy.count) and \(planted.count) bytes")
print("planted differences found: \(found.differences.map { "\($0.kind) \($0.path)" }.joined(separator: ", "))")

func report(_ name: String, _ run: (perSecond: Double, result: Int)) {
    let mb = run.perSecond * Double(legacy.count) / 1e6
    let line = name.padding(toLength: 44, withPad: " ", startingAt: 0)
    print("\(line) \(String(format: "%9.0f", run.perSecond)) cmp/s  \(String(format: "%7.1f", mb)) MB/s")
}

report("JSONDiff, equal bodies", measure(seconds: seconds) { diff.compare(legacy, copy).differences.count })
report("JSONDiff, planted differences", measure(seconds: seconds) { diff.compare(legacy, planted).differences.count })
report(
    "JSONDiff, no rules, planted differences",
    measure(seconds: seconds) {
        JSONDiff(rules: CompareSettings()).compare(legacy, planted).differences.count
    }
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
