/// An output size, named by its height (`360p`, `720p`).
public struct Rendition: Sendable, Hashable, CustomStringConvertible {
    /// The name, e.g. `360p`; also the output file's base name.
    public let name: String
    /// The target height in pixels; the width follows the source's aspect ratio.
    public let height: Int

    /// Creates a rendition.
    public init(name: String, height: Int) {
        self.name = name
        self.height = height
    }

    /// 640×360 for a 16:9 source.
    public static let p360 = Rendition(name: "360p", height: 360)
    /// 1280×720 for a 16:9 source.
    public static let p720 = Rendition(name: "720p", height: 720)

    /// The rendition for a name like `240p`, `360p`, `720p` or `1080p` (height 16–4320, even); nil otherwise.
    public static func named(_ name: String) -> Rendition? {
        guard name.hasSuffix("p"), let height = Int(name.dropLast()), (16...4320).contains(height), height % 2 == 0
        else { return nil }
        return Rendition(name: name, height: height)
    }

    /// The name.
    public var description: String { name }
}

/// A rendition with its pixel size settled against a source.
public struct RenditionSize: Sendable, Hashable {
    /// The rendition's name.
    public let name: String
    /// Output width in pixels (even).
    public let width: Int
    /// Output height in pixels (even).
    public let height: Int
}

extension Rendition {
    /// The sizes to produce for a source `width`×`height` (display width): renditions taller than the
    /// source are left out (never upscale); when that leaves none, the smallest requested one is made at
    /// the source's own height. Ordered by height, duplicates removed.
    public static func sizes(for renditions: [Rendition], sourceWidth width: Int, sourceHeight height: Int)
        -> [RenditionSize]
    {
        let ordered = Array(Set(renditions)).sorted { ($0.height, $0.name) < ($1.height, $1.name) }
        var chosen = ordered.filter { $0.height <= height }
        var heights = Dictionary(chosen.map { ($0.name, $0.height) }) { first, _ in first }
        if chosen.isEmpty, let smallest = ordered.first {
            chosen = [smallest]
            heights[smallest.name] = height
        }
        return chosen.map { rendition in
            let outputHeight = even(heights[rendition.name]!)
            let outputWidth = even(Int((Double(width) * Double(outputHeight) / Double(height)).rounded()))
            return RenditionSize(name: rendition.name, width: max(2, outputWidth), height: max(2, outputHeight))
        }
    }

    private static func even(_ value: Int) -> Int { value - value % 2 }
}

/// How libx264 encodes each rendition.
public struct EncoderSettings: Sendable, Hashable {
    /// x264 preset (`ultrafast` … `veryslow`). Default `veryfast`.
    public var preset: String
    /// Constant rate factor, 0–51 (lower is better quality). Default 23.
    public var crf: Double
    /// Threads per encoder and per decoder. Default 1: parallelism comes from chunks, not from codecs.
    public var threadsPerWorker: Int

    /// The x264 presets.
    public static let presets = [
        "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo",
    ]

    /// Creates settings.
    public init(preset: String = "veryfast", crf: Double = 23, threadsPerWorker: Int = 1) {
        self.preset = preset
        self.crf = crf
        self.threadsPerWorker = threadsPerWorker
    }
}
