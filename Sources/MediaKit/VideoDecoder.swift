import CFFmpeg

/// Decodes one video stream (owns its codec context).
final class VideoDecoder {
    private let codec: CodecContext
    private var context: UnsafeMutablePointer<AVCodecContext> { codec.pointer }

    /// Opens a decoder for `stream` using `threads` threads (1 = single-threaded).
    init(stream: UnsafeMutablePointer<AVStream>, threads: Int) throws {
        let parameters = stream.pointee.codecpar!
        guard let decoder = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw MediaError(
                .unsupported,
                "No decoder for \(String(cString: avcodec_get_name(parameters.pointee.codec_id)))."
            )
        }
        codec = try CodecContext(codec: decoder)
        try avCheck(avcodec_parameters_to_context(codec.pointer, parameters), "Configuring the video decoder failed")
        codec.pointer.pointee.pkt_timebase = stream.pointee.time_base
        codec.pointer.pointee.thread_count = Int32(threads)
        try avCheck(avcodec_open2(codec.pointer, decoder, nil), "Opening the video decoder failed")
    }

    /// Sends a packet; nil starts draining. Returns false when the decoder must be read first.
    func send(_ packet: UnsafeMutablePointer<AVPacket>?) throws -> Bool {
        let result = avcodec_send_packet(context, packet)
        if result == AVCode.again { return false }
        if result == AVCode.endOfFile { return true }
        // Damaged packets are skipped, as players do; missing frames are filled in later.
        if result == AVCode.invalidData { return true }
        try avCheck(result, "Decoding video failed")
        return true
    }

    /// Receives the next frame into `frame`; false when the decoder needs input or is drained.
    func receive(into frame: Frame) throws -> Bool {
        frame.unref()
        let result = avcodec_receive_frame(context, frame.pointer)
        if result == AVCode.again || result == AVCode.endOfFile { return false }
        try avCheck(result, "Decoding video failed")
        return true
    }
}
