import Testing

@testable import MediaKit

struct ChunkPlannerTests {
    private func keyframes(every step: Double, upTo total: Double, fps: Double = 30) -> [(Int, Double)] {
        stride(from: 0.0, to: total, by: step).map { (Int(($0 * fps).rounded()), $0) }
    }

    @Test func cutsEveryTenSecondsWhenKeyframesAllow() {
        let cuts = ChunkPlanner.chooseCuts(candidates: keyframes(every: 2, upTo: 180), total: 180, chunkDuration: 10)
        #expect(cuts == stride(from: 300, through: 5100, by: 300).map { $0 })
    }

    @Test func picksTheNearestKeyframeWhenTheyAreSparse() {
        let cuts = ChunkPlanner.chooseCuts(candidates: keyframes(every: 7, upTo: 22), total: 22, chunkDuration: 10)
        #expect(cuts == [210, 420])
    }

    @Test func aClipShorterThanAChunkIsOneChunk() {
        #expect(ChunkPlanner.chooseCuts(candidates: keyframes(every: 2, upTo: 3), total: 3, chunkDuration: 10).isEmpty)
    }

    @Test func aShortTailJoinsThePreviousChunk() {
        let cuts = ChunkPlanner.chooseCuts(candidates: keyframes(every: 2, upTo: 21), total: 21, chunkDuration: 10)
        #expect(cuts == [300])
    }

    @Test func theLastChunksShrinkSoParallelWorkersFinishTogether() {
        let cuts = ChunkPlanner.chooseCuts(
            candidates: keyframes(every: 2, upTo: 180),
            total: 180,
            chunkDuration: 10,
            workers: 2
        )
        // 17 chunks of 10 s, then 6 s, 2 s and 2 s: none of the last is longer than the workers' share of
        // what is left, so neither worker idles long while the other finishes.
        #expect(cuts == stride(from: 300, through: 5100, by: 300).map { $0 } + [5280, 5340])
        let lengths = zip(cuts + [5400], [0] + cuts).map { $0 - $1 }
        #expect(lengths.suffix(3).allSatisfy { $0 <= 180 })
        #expect(lengths.allSatisfy { $0 >= 60 }, "never shorter than a fifth of the target")
    }

    @Test func oneWorkerKeepsEqualChunks() {
        let cuts = ChunkPlanner.chooseCuts(
            candidates: keyframes(every: 2, upTo: 180),
            total: 180,
            chunkDuration: 10,
            workers: 1
        )
        #expect(cuts == stride(from: 300, through: 5100, by: 300).map { $0 })
    }

    @Test func neverUpscales() {
        let hd = Rendition.sizes(for: [.p720, .p360], sourceWidth: 1280, sourceHeight: 720)
        #expect(
            hd == [
                RenditionSize(name: "360p", width: 640, height: 360),
                RenditionSize(name: "720p", width: 1280, height: 720),
            ]
        )
        let small = Rendition.sizes(for: [.p360, .p720], sourceWidth: 320, sourceHeight: 240)
        #expect(small == [RenditionSize(name: "360p", width: 320, height: 240)])
        let fourThree = Rendition.sizes(for: [Rendition.named("120p")!], sourceWidth: 320, sourceHeight: 240)
        #expect(fourThree == [RenditionSize(name: "120p", width: 160, height: 120)])
        #expect(Rendition.named("361p") == nil && Rendition.named("hd") == nil)
    }
}
