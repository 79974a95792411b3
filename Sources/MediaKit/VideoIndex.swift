/// One video packet as the probe saw it.
struct IndexedPacket: Sendable, Equatable {
    /// Presentation timestamp (stream time base).
    let pts: Int64
    /// Decode timestamp (stream time base).
    let dts: Int64
    /// Whether the container flags it as a keyframe.
    let isKey: Bool
    /// Whether it starts a closed GOP (IDR); equals `isKey` for codecs without open GOPs.
    let isIDR: Bool
}

/// Every video packet of a file, in decode order, and their timestamps in presentation order.
///
/// Chunking works on this index: a chunk is a range of presentation timestamps, and every frame of
/// the output gets its timestamp from its source frame's place here, never from a decoder clock.
struct VideoIndex: Sendable, Equatable {
    /// Index of the video stream in the file.
    let streamIndex: Int
    /// Time base of all timestamps here.
    let timeBase: Rational
    /// Packets in decode (file) order.
    let packets: [IndexedPacket]
    /// Presentation timestamps, ascending; one per frame.
    let presentation: [Int64]
    /// Duration of the last frame (stream time base).
    let lastFrameDuration: Int64

    init(streamIndex: Int, timeBase: Rational, packets: [IndexedPacket], lastFrameDuration: Int64) {
        self.streamIndex = streamIndex
        self.timeBase = timeBase
        self.packets = packets
        self.presentation = packets.map(\.pts).sorted()
        self.lastFrameDuration = max(1, lastFrameDuration)
    }

    /// Number of frames.
    var frameCount: Int { presentation.count }

    /// Presentation timestamp of the first frame.
    var startPTS: Int64 { presentation.first ?? 0 }

    /// End of the last frame.
    var endPTS: Int64 { (presentation.last ?? 0) + lastFrameDuration }

    /// Duration of the frame at presentation position `position`.
    func duration(ofFrameAt position: Int) -> Int64 {
        position + 1 < presentation.count ? presentation[position + 1] - presentation[position] : lastFrameDuration
    }

    /// Seconds of `ticks` in this index's time base.
    func seconds(_ ticks: Int64) -> Double {
        Double(ticks) * Double(timeBase.numerator) / Double(timeBase.denominator)
    }

    /// Presentation position of the first frame whose timestamp is at least `pts`.
    func position(ofPTS pts: Int64) -> Int {
        var low = 0
        var high = presentation.count
        while low < high {
            let middle = (low + high) / 2
            if presentation[middle] < pts { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
