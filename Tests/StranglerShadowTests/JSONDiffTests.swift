import StranglerCore
import Testing

@testable import StranglerShadow

/// Structural JSON diff: paths, kinds, rules.
struct JSONDiffTests {
    static func diff(_ a: String, _ b: String, _ rules: CompareSettings = CompareSettings()) -> [String] {
        JSONDiff.compare(Array(a.utf8), Array(b.utf8), rules: rules).differences.map { "\($0.kind) \($0.path)" }
    }

    @Test func equalDocumentsHaveNoDifferences() {
        #expect(Self.diff(#"{"a": [1, 2, {"b": null}], "c": "x"}"#, #"{"a":[1,2,{"b":null}],"c":"x"}"#).isEmpty)
    }

    @Test(arguments: [
        (#"{"a":1}"#, #"{"a":2}"#, ["changed $.a"]),
        (#"{"a":1,"b":2}"#, #"{"a":1}"#, ["missing $.b"]),
        (#"{"a":1}"#, #"{"a":1,"b":2}"#, ["extra $.b"]),
        (#"{"a":"1"}"#, #"{"a":1}"#, ["type $.a"]),
        (#"{"a":null}"#, #"{"a":false}"#, ["type $.a"]),
        (#"{"a":true}"#, #"{"a":false}"#, ["changed $.a"]),
        (#"{"items":[{"t":"x"},{"t":"y"}]}"#, #"{"items":[{"t":"x"},{"t":"z"}]}"#, ["changed $.items[1].t"]),
        (#"[1,2,3]"#, #"[1,2]"#, ["missing $[2]"]),
        (#"[1]"#, #"[1,[2]]"#, ["extra $[1]"]),
        (#"{"b":1,"a":2}"#, #"{"a":2,"b":1}"#, []),
        (#"{"a b":1}"#, #"{"a b":2}"#, ["changed $['a b']"]),
        (#"{"s":"caf\u00e9"}"#, #"{"s":"café"}"#, []),
        (#"{"n":1.0}"#, #"{"n":1}"#, []),
        (#"{"n":1e2}"#, #"{"n":100}"#, []),
        (#"{"id":9007199254740993}"#, #"{"id":9007199254740992}"#, ["changed $.id"]),
        (#"{"a":{"b":[{"c":1}]}}"#, #"{"a":{"b":[{"c":1,"d":2}]}}"#, ["extra $.a.b[0].d"]),
    ])
    func findsDifferences(a: String, b: String, expected: [String]) {
        #expect(Self.diff(a, b) == expected)
    }

    @Test func ignoreRulesWithWildcards() {
        let rules = CompareSettings(ignore: ["$.served_at", "$.items[*].view_count", "$.meta.*"])
        let a = #"{"served_at":1,"items":[{"view_count":1,"t":"a"}],"meta":{"x":1,"y":2}}"#
        let b = #"{"served_at":2,"items":[{"view_count":9,"t":"b"}],"meta":{"x":3}}"#
        #expect(Self.diff(a, b, rules) == ["changed $.items[0].t"])
        let extra = #"{"items":[{"t":"b","view_count":1}],"meta":{}}"#
        #expect(Self.diff(#"{"items":[{"t":"b"}],"meta":{}}"#, extra, rules) == [])
    }

    @Test func unorderedArraysCompareAsMultisets() {
        let rules = CompareSettings(unordered: ["$.items[*].tags", "$.ids"])
        #expect(Self.diff(#"{"ids":[1,2,3]}"#, #"{"ids":[3,1,2]}"#, rules).isEmpty)
        #expect(Self.diff(#"{"ids":[1,2,2]}"#, #"{"ids":[2,1,1]}"#, rules) == ["changed $.ids[2]"])
        #expect(Self.diff(#"{"ids":[1,2]}"#, #"{"ids":[2]}"#, rules) == ["missing $.ids[0]"])
        #expect(Self.diff(#"{"ids":[1]}"#, #"{"ids":[1,5]}"#, rules) == ["extra $.ids[1]"])
        let a = #"{"items":[{"tags":["a","b"]},{"tags":["c"]}]}"#
        let b = #"{"items":[{"tags":["b","a"]},{"tags":["c"]}]}"#
        #expect(Self.diff(a, b, rules).isEmpty)
        #expect(Self.diff(a, b).count == 2, "ordered by default")
        let objects = CompareSettings(unordered: ["$"])
        #expect(
            Self.diff(#"[{"k":1,"v":"a"},{"k":2,"v":"b"}]"#, #"[{"k":2,"v":"b"},{"k":1,"v":"a"}]"#, objects).isEmpty
        )
        #expect(
            Self.diff(#"[{"k":1,"v":"a"},{"k":2,"v":"b"}]"#, #"[{"k":2,"v":"b"},{"k":1,"v":"x"}]"#, objects)
                == ["changed $[0].v"]
        )
    }

    @Test(arguments: [(0.0, 1), (0.01, 0), (0.001, 1)])
    func numericTolerance(tolerance: Double, differences: Int) {
        let rules = CompareSettings(numericTolerance: tolerance)
        #expect(Self.diff(#"{"x":1.005}"#, #"{"x":1.0}"#, rules).count == differences)
    }

    @Test(arguments: [
        ("<html>a</html>", "<html>b</html>", 1),
        ("same bytes", "same bytes", 0),
        (#"{"a":1"#, #"{"a":1"#, 0),
        (#"{"a":1"#, #"{"a":2"#, 1),
        (#"{"a":1}"#, "not json", 1),
    ])
    func nonJSONBodiesCompareByLengthAndHash(a: String, b: String, differences: Int) {
        let result = JSONDiff.compare(Array(a.utf8), Array(b.utf8), rules: CompareSettings())
        #expect(result.format == .opaque)
        #expect(result.differences.count == differences)
        if let difference = result.differences.first {
            #expect(difference.path == "body")
            #expect(difference.legacyValue?.hasPrefix("\(a.utf8.count) bytes, sha256 ") == true)
        }
    }

    @Test func valuesAreKeptShortened() throws {
        let long = String(repeating: "x", count: 200)
        let result = JSONDiff.compare(Array(#"{"a":"\#(long)"}"#.utf8), Array(#"{"a":2}"#.utf8), rules: .init())
        let difference = try #require(result.differences.first)
        #expect(difference.kind == .type)
        #expect(difference.legacyValue?.count == 81)
        #expect(difference.newValue == "2")
    }

    @Test func differencesPastTheLimitAreCounted() {
        let a = "[" + (0..<50).map(String.init).joined(separator: ",") + "]"
        let b = "[" + (1..<51).map(String.init).joined(separator: ",") + "]"
        let result = JSONDiff(rules: CompareSettings(), maxDifferences: 10).compare(Array(a.utf8), Array(b.utf8))
        #expect(result.differences.count == 10)
        #expect(result.omitted == 40)
        #expect(!result.isEqual)
    }

    @Test(arguments: [
        ("$.items[3].title", "$.items[*].title"),
        ("$[0][12]", "$[*][*]"),
        ("$['a[1]'].b[2]", "$['a[1]'].b[*]"),
        ("status", "status"),
    ])
    func pathsNormalise(path: String, normalized: String) {
        #expect(Difference.normalize(path) == normalized)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "[1] [2]", "tru", "-"])
    func invalidJSONIsNotParsed(text: String) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { JSONTape.parse($0) } == nil)
    }

    @Test(arguments: 0..<20)
    func longStringsAreScannedWordWise(position: Int) {
        let prefix = String(repeating: "a", count: position)
        let escaped = #"{"s":"\#(prefix)\u00e9\"x\#(prefix)"}"#
        let plain = #"{"s":"\#(prefix)é\"x\#(prefix)"}"#
        #expect(Self.diff(escaped, plain).isEmpty)
        #expect(Self.diff(escaped, #"{"s":"\#(prefix)e\"x\#(prefix)"}"#) == ["changed $.s"])
        let control = Array(#"{"s":"\#(prefix)"#.utf8) + [0x01] + Array(#"\#(prefix)"}"#.utf8)
        #expect(control.withUnsafeBufferPointer { JSONTape.parse($0) } == nil)
        let unterminated = Array(#"{"s":"\#(prefix)\#(prefix)"#.utf8)
        #expect(unterminated.withUnsafeBufferPointer { JSONTape.parse($0) } == nil)
    }

    /// Cases where the walk over raw bytes meets the edge of what the two documents share.
    @Test(arguments: [
        ("[1,2]", "[1,23]", ["changed $[1]"]),
        (#"{"a":12}"#, #"{"a":123}"#, ["changed $.a"]),
        ("[1, 2 ,3]", "[1,2,3]", []),
        (#"{"a":{"b":[1,2,3]},"c":1}"#, #"{"a":{"b":[1,2,4]},"c":1}"#, ["changed $.a.b[2]"]),
        (#"{"a":1,"b":2,"c":3}"#, #"{"a":1,"c":3,"b":5}"#, ["changed $.b"]),
        (#"{"a":1}"#, #"{"a":1,"b":2,"c":3}"#, ["extra $.b", "extra $.c"]),
        (#"{"a":1,"b":2,"c":3}"#, #"{"a":1}"#, ["missing $.b", "missing $.c"]),
        (#"{"\u0061":1}"#, #"{"a":1}"#, []),
        (#"{"\u0061":1,"b":1}"#, #"{"a":2,"b":1}"#, ["changed $.a"]),
        (#"{"a":[1]}"#, #"{"a":{"0":1}}"#, ["type $.a"]),
        (#"{"a":[]}"#, #"{"a":[1]}"#, ["extra $.a[0]"]),
        ("{}", #"{"a":1}"#, ["extra $.a"]),
        ("[]", "{}", ["type $"]),
        ("12", "123", ["changed $"]),
        (#" {"a" : [ true ] } "#, #"{"a":[true]}"#, []),
    ])
    func bytesAndStructureMeet(a: String, b: String, expected: [String]) {
        #expect(Self.diff(a, b) == expected)
        #expect(Self.diff(b, a).count == expected.count)
    }

    @Test(arguments: [
        (#"{"a":[1,2,3],"b":1}"#, #"{"a":[1,2,3],"b":}"#),
        ("[1,2,]", "[1,2]"),
        (#"{"a":1,}"#, #"{"a":1,"b":2}"#),
        (#"{"a":1}"#, #"{"a":1,}"#),
        ("[1,2] x", "[1,2]"),
        (#"{"a":"x"}"#, #"{"a":"x}"#),
    ])
    func invalidAfterASharedPrefixIsOpaque(a: String, b: String) {
        for (x, y) in [(a, b), (b, a)] {
            let result = JSONDiff.compare(Array(x.utf8), Array(y.utf8), rules: CompareSettings())
            #expect(result.format == .opaque)
            #expect(result.differences.map(\.path) == ["body"])
        }
    }

    /// A difference deep in a large document: the walk goes straight to it, and still reports the same thing.
    @Test func differenceAtTheEndOfALargeEnvelope() {
        func page(last: String, spacing: String = "") -> String {
            let items = (0..<300).map { index in
                let title = index == 299 ? last : "Video \(index)"
                return #"{"id":\#(index),"title":"\#(title)",\#(spacing)"tags":["a","b"]}"#
            }
            return #"{"data":{"items":[\#(items.joined(separator: ","))],"next":"c"}}"#
        }
        #expect(Self.diff(page(last: "x"), page(last: "y")) == ["changed $.data.items[299].title"])
        #expect(Self.diff(page(last: "x"), page(last: "x", spacing: " ")).isEmpty)
        let unordered = CompareSettings(unordered: ["$.data.items[*].tags"])
        #expect(Self.diff(page(last: "x"), page(last: "y"), unordered) == ["changed $.data.items[299].title"])
        #expect(Self.diff(page(last: "x"), page(last: "y"), .init(ignore: ["$.data.items[299]"])).isEmpty)
    }

    /// An ignored element among those present on one side only does not shift the values of the others.
    @Test func ignoredLoneElementsKeepTheOthersValues() {
        let rules = CompareSettings(ignore: ["$[2]"])
        let result = JSONDiff.compare(Array("[1]".utf8), Array("[1,2,3,4]".utf8), rules: rules)
        #expect(
            result.differences.map { "\($0.kind) \($0.path) \($0.newValue ?? "-")" } == [
                "extra $[1] 2", "extra $[3] 4",
            ]
        )
        // The same inside an unordered array's element, compared on tapes.
        let tapes = CompareSettings(ignore: ["$[*][2]"], unordered: ["$"])
        let nested = JSONDiff.compare(Array("[[1]]".utf8), Array("[[1,2,3,4]]".utf8), rules: tapes)
        #expect(nested.differences.map { "\($0.path) \($0.newValue ?? "-")" } == ["$[0][1] 2", "$[0][3] 4"])
    }

    @Test(arguments: [255, 256, 257])
    func nestingLimitHoldsWhenDocumentsDiffer(depth: Int) {
        let open = String(repeating: "[", count: depth)
        let close = String(repeating: "]", count: depth)
        let result = JSONDiff.compare(
            Array((open + "1" + close).utf8),
            Array((open + "2" + close).utf8),
            rules: .init()
        )
        #expect(result.format == (depth <= 256 ? .json : .opaque))
        #expect(result.differences.count == 1)
    }

    @Test func deepNestingIsRejectedNotCrashed() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let result = JSONDiff.compare(Array(deep.utf8), Array(deep.utf8), rules: CompareSettings())
        #expect(result.format == .opaque)
        #expect(result.isEqual)
    }
}
