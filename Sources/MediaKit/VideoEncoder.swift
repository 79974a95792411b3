import CFFmpeg

/// Encodes one rendition with libx264 (owns its codec context).
final class VideoEncoder {
    private let codec: CodecContext
    private var context: UnsafeMutablePointer<AVCodecContext> { codec.pointer }

    /// Opens libx264 for `size`, timestamps in `timeBase`, at nominal `frameRate`.
    init(size: RenditionSize, timeBase: AVRational, frameRate: AVRational, settings: EncoderSettings) throws {
        guard let encoder = avcodec_find_encoder_by_name("libx264") else {
            throw MediaError(.unsupported, "This FFmpeg has no libx264 encoder; install Debian's libavcodec with x264.")
        }
        guard EncoderSettings.presets.contains(settings.preset) else {
            throw MediaError(.invalidArgument, "Unknown x264 preset '\(settings.preset)'.")
        }
        codec = try CodecContext(codec: encoder)
        let context = codec.pointer
        context.pointee.width = Int32(size.width)
        context.pointee.height = Int32(size.height)
        context.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        context.pointee.time_base = timeBase
        context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        if frameRate.num > 0, frameRate.den > 0 { context.pointee.framerate = frameRate }
        context.pointee.thread_count = Int32(settings.threadsPerWorker)
        // MP4 keeps SPS/PPS in the sample description rather than in the stream.
        context.pointee.flags |= Int32(AV_CODEC_FLAG_GLOBAL_HEADER)
        av_opt_set(context.pointee.priv_data, "preset", settings.preset, 0)
        av_opt_set_double(context.pointee.priv_data, "crf", settings.crf, 0)
        try avCheck(avcodec_open2(context, encoder, nil), "Opening libx264 for \(size.name) failed")
    }

    /// The SPS/PPS the encoder produced (MP4's `avcC` payload).
    var extradata: [UInt8] {
        let count = Int(context.pointee.extradata_size)
        guard count > 0, let data = context.pointee.extradata else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: count))
    }

    /// Frames of delay between input and output (B-frame reordering), as a muxer wants it.
    var videoDelay: Int32 { context.pointee.has_b_frames }

    /// Sends a frame; nil starts draining.
    func send(_ frame: UnsafeMutablePointer<AVFrame>?) throws {
        try avCheck(avcodec_send_frame(context, frame), "Encoding video failed")
    }

    /// Receives the next packet; false when the encoder needs input or is drained.
    func receive(into packet: Packet) throws -> Bool {
        packet.unref()
        let result = avcodec_receive_packet(context, packet.pointer)
        if result == AVCode.again || result == AVCode.endOfFile { return false }
        try avCheck(result, "Encoding video failed")
        return true
    }
}
