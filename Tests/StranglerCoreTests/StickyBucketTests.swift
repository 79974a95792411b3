import StranglerCore
import Testing

struct StickyBucketTests {
    static let keys = (0..<100_000).map { "user-\($0)" }

    @Test(arguments: [1, 10, 50, 90])
    func canaryShareIsWithinOnePercentOfThePercent(_ percent: Int) {
        let feature = Feature(name: "feed", routes: [], legacy: "legacy", new: "feed", mode: .canary, percent: percent)
        let toNew = Self.keys.count {
            feature.primarySide(bucket: StickyBucket.bucket(feature: "feed", key: $0)) == .new
        }
        let share = Double(toNew) / Double(Self.keys.count) * 100
        #expect(abs(share - Double(percent)) <= 1.0, "\(share)% went to new at \(percent)%")
    }

    @Test func bucketsAreUniformAcrossDeciles() {
        var deciles = [Int](repeating: 0, count: 10)
        for key in Self.keys { deciles[StickyBucket.bucket(feature: "upload", key: key) / 1000] += 1 }
        for count in deciles { #expect(abs(count - 10_000) < 500, "\(deciles)") }
    }

    @Test func raisingThePercentNeverMovesAKeyBackToLegacy() {
        var feature = Feature(name: "feed", routes: [], legacy: "legacy", new: "feed", mode: .canary)
        for key in Self.keys.prefix(2_000) {
            let bucket = StickyBucket.bucket(feature: "feed", key: key)
            var wasNew = false
            for percent in 0...100 {
                feature.percent = percent
                let isNew = feature.primarySide(bucket: bucket) == .new
                #expect(!wasNew || isNew, "\(key) moved back to legacy at \(percent)%")
                wasNew = isNew
            }
        }
    }

    @Test(arguments: [(0, Side.legacy), (100, Side.new)])
    func zeroAndHundredAreExact(_ percent: Int, _ side: Side) {
        let feature = Feature(name: "feed", routes: [], legacy: "legacy", new: "feed", mode: .canary, percent: percent)
        #expect((0..<StickyBucket.count).allSatisfy { feature.primarySide(bucket: $0) == side })
        #expect(
            Self.keys.allSatisfy { feature.primarySide(bucket: StickyBucket.bucket(feature: "feed", key: $0)) == side }
        )
    }

    @Test func theSameKeyAlwaysGetsTheSameBucket() {
        for key in Self.keys.prefix(1_000) {
            let bucket = StickyBucket.bucket(feature: "feed", key: key)
            #expect(StickyBucket.bucket(feature: "feed", key: key) == bucket)
            #expect(StickyBucket.bucket(feature: "feed", key: Substring("<\(key)>").dropFirst().dropLast()) == bucket)
            #expect((0..<StickyBucket.count).contains(bucket))
        }
    }

    /// Fixed values computed independently (Python, FNV-1a 64 + fmix64 + multiply-high): a change of hash or
    /// reduction would move users between sides.
    @Test(arguments: [
        ("feed", "alice", 9408), ("feed", "bob", 5024), ("upload", "42", 9925), ("transcode", "", 2975),
        ("feed", "1", 4884),
    ])
    func fixedVectors(_ feature: String, _ key: String, _ bucket: Int) {
        #expect(StickyBucket.bucket(feature: feature, key: key) == bucket)
    }

    @Test func usesFNV1a64() {
        #expect(StickyBucket.fnv1a64("".utf8) == 0xcbf2_9ce4_8422_2325)
        #expect(StickyBucket.fnv1a64("a".utf8) == 0xaf63_dc4c_8601_ec8c)
        #expect(StickyBucket.fnv1a64("foobar".utf8) == 0x8594_4171_f739_67e8)
        #expect(StickyBucket.fnv1a64("feed:alice".utf8) == 0x41c9_931e_b7c6_37bf)
    }

    @Test func featuresBucketIndependently() {
        let both = Self.keys.count { key in
            StickyBucket.bucket(feature: "feed", key: key) < 5_000
                && StickyBucket.bucket(feature: "upload", key: key) < 5_000
        }
        #expect(abs(Double(both) / Double(Self.keys.count) - 0.25) < 0.01)
    }
}
