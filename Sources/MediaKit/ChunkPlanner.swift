/// A piece of the video that one worker transcodes on its own.
struct Chunk: Sendable, Equatable {
    /// 0-based position of the chunk in the video.
    let number: Int
    /// Frames it owns, as presentation positions (`VideoIndex.presentation`).
    let frames: Range<Int>
    /// Decode-order index of the packet it starts decoding at (a keyframe, or the first packet).
    let startPacket: Int
    /// Decode-order index of the next chunk's first packet; nil for the last chunk.
    let endPacket: Int?
}

/// Where a chunk starts and ends, in the source's frames and seconds.
public struct ChunkSpan: Sendable, Equatable {
    /// The frames it owns, as presentation positions (0 = first frame).
    public let frames: Range<Int>
    /// Start time in seconds from the first frame.
    public let start: Double
    /// End time in seconds from the first frame.
    public let end: Double
}

/// Splits a video at keyframes into chunks of about a target duration.
///
/// Cuts go at IDR frames, so that no frame of a chunk refers to a frame of another one. A source whose
/// only IDR is the first frame (an open-GOP stream) is cut at its other keyframes instead; the worker of
/// the chunk before such a cut then decodes past it to pick up the leading frames it owns.
///
/// With several workers the chunks shrink towards the end of the video (guided self-scheduling): a chunk
/// is at most the remaining duration divided by the number of workers, but not shorter than
/// ``shortestChunkShare`` of the target. Workers take chunks in order, so the last ones they pick up are
/// short and they finish close together, instead of one core idling while another encodes a whole
/// target-length chunk (with 18 equal chunks on 2 cores that idle tail averaged over a second).
public enum ChunkPlanner {
    /// A chunk shorter than this share of the current chunk length is merged into the one before it.
    static let shortestTailShare = 0.3
    /// Chunks near the end shrink no further than this share of the target duration.
    static let shortestChunkShare = 0.2

    /// The chunks `info`'s video splits into for `chunkDuration` seconds and `workers` parallel workers.
    public static func spans(of info: MediaInfo, chunkDuration: Double, workers: Int = 1) -> [ChunkSpan] {
        let keyframes = info.video.keyframes
        let times = Dictionary(keyframes.map { ($0.frameIndex, $0.time) }) { first, _ in first }
        let idrCount = keyframes.filter(\.isIDR).count
        let useIDR = idrCount > 1 || idrCount == keyframes.count
        let candidates = keyframes.filter { useIDR ? $0.isIDR : true }.map { ($0.frameIndex, $0.time) }
        let cuts = chooseCuts(
            candidates: candidates,
            total: info.video.duration,
            chunkDuration: chunkDuration,
            workers: workers
        )
        let bounds = [0] + cuts + [info.video.frameCount]
        return (0..<(bounds.count - 1)).map { number in
            ChunkSpan(
                frames: bounds[number]..<bounds[number + 1],
                start: times[bounds[number]] ?? 0,
                end: number + 2 < bounds.count ? times[bounds[number + 1]] ?? 0 : info.video.duration
            )
        }
    }

    /// The chunks of the video described by `index` for `chunkDuration` seconds and `workers` parallel workers.
    static func plan(_ index: VideoIndex, chunkDuration: Double, workers: Int = 1) -> [Chunk] {
        let packets = index.packets
        let idrs = packets.indices.filter { packets[$0].isIDR }
        let keys = packets.indices.filter { packets[$0].isKey }
        let usable = idrs.count > 1 || idrs.count == keys.count ? idrs : keys
        let start = index.startPTS
        let candidates = usable.map { (index.position(ofPTS: packets[$0].pts), index.seconds(packets[$0].pts - start)) }
        let packetAt = Dictionary(zip(candidates.map(\.0), usable)) { first, _ in first }
        let total = index.seconds(index.endPTS - start)
        let cuts = chooseCuts(candidates: candidates, total: total, chunkDuration: chunkDuration, workers: workers)
        let frameBounds = [0] + cuts + [index.frameCount]
        let packetBounds = [0] + cuts.map { packetAt[$0]! }
        return (0..<(frameBounds.count - 1)).map { number in
            Chunk(
                number: number,
                frames: frameBounds[number]..<frameBounds[number + 1],
                startPacket: packetBounds[number],
                endPacket: number + 1 < packetBounds.count ? packetBounds[number + 1] : nil
            )
        }
    }

    /// Frame positions to cut at, chosen from `candidates` (frame position, time) so that chunks come
    /// as close to their length as the keyframes allow: `chunkDuration`, or less near the end when
    /// `workers` > 1 (see ``chunkLength(remaining:chunkDuration:workers:)``).
    static func chooseCuts(candidates: [(Int, Double)], total: Double, chunkDuration: Double, workers: Int = 1)
        -> [Int]
    {
        let usable = candidates.filter { $0.0 > 0 }.sorted { $0.0 < $1.0 }
        var cuts: [Int] = []
        var startTime = 0.0
        var next = 0
        while next < usable.count {
            let length = chunkLength(remaining: total - startTime, chunkDuration: chunkDuration, workers: workers)
            // What is left fits in one chunk (allowing it to run a bit long): stop cutting.
            if total - startTime <= length * (1 + shortestTailShare) { break }
            let target = startTime + length
            guard let after = usable[next...].firstIndex(where: { $0.1 >= target }) else {
                // No keyframe at or past the target: cut at the last one only if it is far enough along.
                let last = usable.count - 1
                if usable[last].1 - startTime >= length * 0.5,
                    total - usable[last].1 >= length * shortestTailShare
                {
                    cuts.append(usable[last].0)
                }
                break
            }
            var choice = after
            if after > next, target - usable[after - 1].1 < usable[after].1 - target,
                usable[after - 1].1 - startTime >= length * 0.5
            {
                choice = after - 1
            }
            guard total - usable[choice].1 >= length * shortestTailShare else { break }
            cuts.append(usable[choice].0)
            startTime = usable[choice].1
            next = choice + 1
        }
        return cuts
    }

    /// The length to aim for when `remaining` seconds are left: the target, or the workers' fair share of
    /// what is left when that is shorter, but never below ``shortestChunkShare`` of the target.
    static func chunkLength(remaining: Double, chunkDuration: Double, workers: Int) -> Double {
        guard workers > 1 else { return chunkDuration }
        return max(chunkDuration * shortestChunkShare, min(chunkDuration, remaining / Double(workers)))
    }
}
