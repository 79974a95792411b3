import StranglerCore
import Testing

struct FeatureTests {
    static func feature(_ mode: Mode, percent: Int = 30, sample: Double = 1) -> Feature {
        Feature(
            name: "feed",
            routes: [],
            legacy: "legacy",
            new: "feed",
            mode: mode,
            percent: percent,
            shadow: ShadowSettings(sample: sample)
        )
    }

    @Test(arguments: [
        (Mode.legacy, 0, Side.legacy), (.legacy, 9_999, .legacy),
        (.shadow, 0, .legacy), (.shadow, 9_999, .legacy),
        (.new, 0, .new), (.new, 9_999, .new),
        (.canary, 0, .new), (.canary, 2_999, .new), (.canary, 3_000, .legacy), (.canary, 9_999, .legacy),
    ])
    func primarySide(_ mode: Mode, _ bucket: Int, _ side: Side) {
        #expect(Self.feature(mode).primarySide(bucket: bucket) == side)
    }

    @Test func mirrorsToTheOtherSide() {
        #expect(Self.feature(.legacy).mirrorSide(primary: .legacy) == nil)
        #expect(Self.feature(.shadow).mirrorSide(primary: .legacy) == .new)
        #expect(Self.feature(.canary).mirrorSide(primary: .new) == .legacy)
        #expect(Self.feature(.new).mirrorSide(primary: .new) == .legacy)
        #expect(Self.feature(.new, sample: 0).mirrorSide(primary: .new) == nil)
        #expect(Self.feature(.shadow, sample: 0).mirrorSide(primary: .legacy) == nil)
    }

    @Test func upstreamNames() {
        #expect(Self.feature(.shadow).upstreamName(for: .legacy) == "legacy")
        #expect(Self.feature(.shadow).upstreamName(for: .new) == "feed")
    }

    @Test func stickyKeys() {
        #expect(StickyKey("header:X-User-Id") == .header("X-User-Id"))
        #expect(StickyKey("cookie:sid") == .cookie("sid"))
        #expect(StickyKey("cookie:") == nil)
        #expect(StickyKey("user") == nil)
        #expect(StickyKey.header("X-User-Id").description == "header:X-User-Id")
        let headers = [("x-user-id", " 42 "), ("Cookie", "a=1; sid=\"abc\"; b=2")]
        #expect(StickyKey.header("X-User-Id").value(in: headers) == "42")
        #expect(StickyKey.cookie("sid").value(in: headers) == "abc")
        #expect(StickyKey.cookie("b").value(in: headers) == "2")
        #expect(StickyKey.cookie("c").value(in: headers) == nil)
        #expect(StickyKey.header("X-Other").value(in: headers) == nil)
        #expect(StickyKey.header("X-User-Id").value(in: [("X-User-Id", "")]) == nil)
    }
}
