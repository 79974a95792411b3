import CFFmpeg

/// What a muxer needs to know about an encoded rendition's video stream.
struct EncodedStream: Sendable, Equatable {
    /// The rendition's size.
    let size: RenditionSize
    /// Time base of the packets' timestamps.
    let timeBase: Rational
    /// Nominal frame rate.
    let frameRate: Rational
    /// SPS/PPS (`avcC`).
    let extradata: [UInt8]
    /// Frames of B-frame reordering delay.
    let videoDelay: Int32
}

/// Where a chunk transcoder puts each encoded packet of one rendition.
protocol PacketSink: AnyObject {
    /// Takes a video packet whose pts, dts and duration are set in the stream's time base.
    func write(_ packet: UnsafeMutablePointer<AVPacket>) throws
    /// Called once after the last packet.
    func finish() throws
}

extension AVCodecParameters {
    /// Fills H.264 video parameters for `stream` (extradata copied into libav-owned memory).
    mutating func describe(_ stream: EncodedStream) throws {
        codec_type = AVMEDIA_TYPE_VIDEO
        codec_id = AV_CODEC_ID_H264
        codec_tag = 0
        width = Int32(stream.size.width)
        height = Int32(stream.size.height)
        format = AV_PIX_FMT_YUV420P.rawValue
        sample_aspect_ratio = AVRational(num: 1, den: 1)
        video_delay = stream.videoDelay
        av_freep(&extradata)
        extradata_size = 0
        guard !stream.extradata.isEmpty else { return }
        let count = stream.extradata.count
        guard let memory = av_mallocz(count + Int(AV_INPUT_BUFFER_PADDING_SIZE)) else {
            throw MediaError(.ffmpeg, "Out of memory copying codec extradata.")
        }
        let bytes = memory.bindMemory(to: UInt8.self, capacity: count)
        stream.extradata.withUnsafeBufferPointer { bytes.update(from: $0.baseAddress!, count: count) }
        extradata = bytes
        extradata_size = Int32(count)
    }
}
