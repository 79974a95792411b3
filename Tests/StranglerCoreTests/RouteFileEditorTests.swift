import Foundation
import StranglerCore
import Testing

/// `strangler flip` edits the route file in place: only the flipped values change.
struct RouteFileEditorTests {
    static let commented = """
        # Route table for the shop.
        version: 1
        listen: 127.0.0.1:8080   # clients
        upstreams:
          legacy: http://127.0.0.1:9000
          feed: http://127.0.0.1:9102
        fallback: legacy
        features:
          - name: feed          # the home feed
            routes:
              - { path: /api/feed, methods: [GET] }
            legacy: legacy
            new: feed
            mode: shadow        # proving parity
            percent: 0          # canary share
            sticky: header:X-User-Id
          - { name: search, routes: [{ path: /api/search }], legacy: legacy, new: feed, mode: legacy }

        """

    @Test func flipMatchesTheGoldenFile() throws {
        let (text, table) = try RouteFileEditor.apply(
            .init(feature: "feed", mode: .canary, percent: 30),
            to: Self.commented,
            file: "routes.yaml"
        )
        let golden = Self.commented
            .replacingFirst("mode: shadow        # proving parity", with: "mode: canary        # proving parity")
            .replacingFirst("percent: 0          # canary share", with: "percent: 30          # canary share")
        #expect(text == golden)
        #expect(table.feature(named: "feed")?.mode == .canary)
        #expect(table.feature(named: "feed")?.percent == 30)
    }

    @Test func fiftyFlipsKeepEveryCommentAndLine() throws {
        var text = Self.commented
        let commentLines = Self.commented.split(separator: "\n").filter {
            $0.contains("#") && !$0.contains("mode:") && !$0.contains("percent:")
        }
        var random = SplitMix(seed: 7)
        for step in 0..<50 {
            let mode = Mode.allCases[Int(random.next() % 4)]
            let percent = Int(random.next() % 101)
            let result = try RouteFileEditor.apply(
                .init(feature: "feed", mode: mode, percent: percent),
                to: text,
                file: "r.yaml"
            )
            text = result.text
            #expect(result.table.feature(named: "feed")?.mode == mode, "step \(step)")
            #expect(result.table.feature(named: "feed")?.percent == percent, "step \(step)")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == Self.commented.split(separator: "\n", omittingEmptySubsequences: false).count)
        for comment in commentLines { #expect(lines.contains(comment), "lost: \(comment)") }
        #expect(text.contains("# proving parity"))
        #expect(text.contains("# canary share"))
    }

    @Test func insertsAPercentInABlockMapping() throws {
        let text = Fixtures.base
        let (edited, table) = try RouteFileEditor.apply(
            .init(feature: "feed", mode: .canary, percent: 10),
            to: text,
            file: "r.yaml"
        )
        #expect(edited.contains("    mode: canary\n    percent: 10\n"))
        #expect(table.features[0].percent == 10)
    }

    @Test func insertsAPercentInAFlowMapping() throws {
        let (edited, table) = try RouteFileEditor.apply(
            .init(feature: "search", mode: .canary, percent: 5),
            to: Self.commented,
            file: "r.yaml"
        )
        #expect(edited.contains("mode: canary, percent: 5 }"))
        #expect(table.feature(named: "search")?.percent == 5)
        #expect(
            table.feature(named: "feed")
                == (try RouteTableParser.parse(Self.commented, file: "r.yaml")).feature(named: "feed")
        )
    }

    @Test func keepsThePercentWhenNoneIsGiven() throws {
        let once = try RouteFileEditor.apply(
            .init(feature: "feed", mode: .canary, percent: 40),
            to: Self.commented,
            file: "r"
        )
        let twice = try RouteFileEditor.apply(.init(feature: "feed", mode: .new), to: once.text, file: "r")
        #expect(twice.table.feature(named: "feed")?.percent == 40)
        #expect(twice.table.feature(named: "feed")?.mode == .new)
    }

    @Test func refusesUnknownFeaturesAndBadPercents() throws {
        #expect(throws: RouteFileEditor.EditError.self) {
            try RouteFileEditor.apply(.init(feature: "fed", mode: .new), to: Self.commented, file: "r")
        }
        #expect(throws: RouteFileEditor.EditError.self) {
            try RouteFileEditor.apply(
                .init(feature: "feed", mode: .canary, percent: 101),
                to: Self.commented,
                file: "r"
            )
        }
    }

    @Test func diffNamesTheChangedLines() throws {
        let (text, _) = try RouteFileEditor.apply(.init(feature: "feed", mode: .new), to: Self.commented, file: "r")
        #expect(
            LineDiff.render(old: Self.commented, new: text) == """
                -14:     mode: shadow        # proving parity
                +14:     mode: new        # proving parity
                """
        )
        #expect(LineDiff.render(old: text, new: text).isEmpty)
    }

    @Test func tableChangesSummariseFeatures() throws {
        let old = try RouteTableParser.parse(Self.commented, file: "r")
        let new = try RouteFileEditor.apply(
            .init(feature: "feed", mode: .canary, percent: 25),
            to: Self.commented,
            file: "r"
        ).table
        #expect(TableChange.between(old, new) == [TableChange(feature: "feed", from: "shadow", to: "canary 25%")])
        #expect(TableChange.between(new, new).isEmpty)
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = self.range(of: target) else { return self }
        return self.replacingCharacters(in: range, with: replacement)
    }
}
