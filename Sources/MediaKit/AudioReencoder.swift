import CFFmpeg

/// Re-encodes a non-AAC audio stream to AAC once for the whole file: decode, convert to planar float,
/// cut into 1024-sample frames, encode. Pull-based: each `next` call does just enough work for one packet.
final class AudioReencoder: AudioSource {
    /// Sample rates the AAC encoder accepts; others are resampled to 48 kHz.
    static let aacRates: Set<Int32> = [
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000,
    ]

    private let input: InputFile
    private let streamIndex: Int
    private let decoder: CodecContext
    private let encoder: CodecContext
    private var resampler: OpaquePointer?
    private let fifo: OpaquePointer
    private let decoded: Frame
    private let converted: Frame
    private let packetIn: Packet
    private let videoStart: Double
    private var nextPTS: Int64?
    private var decoderDrained = false
    private var encoderFlushing = false
    let timeBase: AVRational

    init(input: InputFile, streamIndex: Int, videoStart: Double) throws {
        self.input = input
        self.streamIndex = streamIndex
        self.videoStart = videoStart
        let stream = input.stream(streamIndex)
        let parameters = stream.pointee.codecpar!
        guard let decoding = avcodec_find_decoder(parameters.pointee.codec_id),
            let encoding = avcodec_find_encoder(AV_CODEC_ID_AAC)
        else {
            let name = String(cString: avcodec_get_name(parameters.pointee.codec_id))
            throw MediaError(.unsupported, "Audio codec \(name) cannot be converted to AAC by this FFmpeg.")
        }
        decoder = try CodecContext(codec: decoding)
        try avCheck(avcodec_parameters_to_context(decoder.pointer, parameters), "Configuring the audio decoder failed")
        decoder.pointer.pointee.pkt_timebase = stream.pointee.time_base
        try avCheck(avcodec_open2(decoder.pointer, decoding, nil), "Opening the audio decoder failed")
        let source = decoder.pointer
        if source.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC {
            let channels = source.pointee.ch_layout.nb_channels
            av_channel_layout_uninit(&source.pointee.ch_layout)
            av_channel_layout_default(&source.pointee.ch_layout, channels)
        }
        encoder = try CodecContext(codec: encoding)
        let target = encoder.pointer
        target.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
        let rate = source.pointee.sample_rate
        target.pointee.sample_rate = Self.aacRates.contains(rate) ? rate : 48000
        try avCheck(av_channel_layout_copy(&target.pointee.ch_layout, &source.pointee.ch_layout), "Audio layout")
        target.pointee.bit_rate = 64_000 * Int64(max(2, target.pointee.ch_layout.nb_channels))
        target.pointee.time_base = AVRational(num: 1, den: target.pointee.sample_rate)
        target.pointee.flags |= Int32(AV_CODEC_FLAG_GLOBAL_HEADER)
        try avCheck(avcodec_open2(target, encoding, nil), "Opening the AAC encoder failed")
        timeBase = target.pointee.time_base
        try avCheck(
            swr_alloc_set_opts2(
                &resampler,
                &target.pointee.ch_layout,
                AV_SAMPLE_FMT_FLTP,
                target.pointee.sample_rate,
                &source.pointee.ch_layout,
                source.pointee.sample_fmt,
                source.pointee.sample_rate,
                0,
                nil
            ),
            "Configuring the audio converter failed"
        )
        try avCheck(swr_init(resampler), "Starting the audio converter failed")
        guard let fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, target.pointee.ch_layout.nb_channels, 8192) else {
            swr_free(&resampler)
            throw MediaError(.ffmpeg, "Out of memory allocating an audio buffer.")
        }
        self.fifo = fifo
        decoded = try Frame()
        converted = try Frame()
        packetIn = try Packet()
    }

    deinit {
        swr_free(&resampler)
        av_audio_fifo_free(fifo)
    }

    func describe(_ parameters: UnsafeMutablePointer<AVCodecParameters>) throws {
        try avCheck(avcodec_parameters_from_context(parameters, encoder.pointer), "Describing the AAC stream failed")
    }

    func next(into packet: Packet) throws -> Bool {
        let frameSize = encoder.pointer.pointee.frame_size > 0 ? encoder.pointer.pointee.frame_size : 1024
        while true {
            packet.unref()
            let received = avcodec_receive_packet(encoder.pointer, packet.pointer)
            if received == 0 { return true }
            if received == AVCode.endOfFile { return false }
            if received != AVCode.again { try avCheck(received, "Encoding audio failed") }
            let buffered = av_audio_fifo_size(fifo)
            if buffered >= frameSize || (decoderDrained && buffered > 0) {
                try encode(samples: min(frameSize, buffered))
            } else if decoderDrained {
                guard !encoderFlushing else { return false }
                encoderFlushing = true
                try avCheck(avcodec_send_frame(encoder.pointer, nil), "Finishing the AAC stream failed")
            } else {
                try decodeMore()
            }
        }
    }

    /// Decodes one more frame into the FIFO, reading packets as needed; sets `decoderDrained` at the end.
    private func decodeMore() throws {
        decoded.unref()
        let result = avcodec_receive_frame(decoder.pointer, decoded.pointer)
        if result == 0 {
            if nextPTS == nil {
                let pts = decoded.pointer.pointee.best_effort_timestamp
                let stream = input.stream(streamIndex).pointee.time_base
                let start = pts == AVCode.noTimestamp ? 0 : av_rescale_q(pts, stream, timeBase)
                nextPTS = start - Int64((videoStart * Double(timeBase.den)).rounded())
            }
            try convert(decoded.pointer.pointee.extended_data, count: decoded.pointer.pointee.nb_samples)
        } else if result == AVCode.again {
            while try input.read(into: packetIn) {
                guard Int(packetIn.pointer.pointee.stream_index) == streamIndex else { continue }
                let sent = avcodec_send_packet(decoder.pointer, packetIn.pointer)
                if sent != AVCode.invalidData { try avCheck(sent, "Decoding audio failed") }
                return
            }
            try avCheck(avcodec_send_packet(decoder.pointer, nil), "Decoding audio failed")
        } else if result == AVCode.endOfFile {
            try convert(nil, count: 0)
            decoderDrained = true
        } else {
            try avCheck(result, "Decoding audio failed")
        }
    }

    /// Converts `count` input samples (nil: the converter's remainder) and appends them to the FIFO.
    private func convert(_ data: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, count: Int32) throws {
        let capacity = swr_get_out_samples(resampler, count)
        guard capacity > 0 else { return }
        let out = converted.pointer
        converted.unref()
        out.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        out.pointee.nb_samples = capacity
        try avCheck(av_channel_layout_copy(&out.pointee.ch_layout, &encoder.pointer.pointee.ch_layout), "Audio layout")
        try avCheck(av_frame_get_buffer(out, 0), "Allocating audio samples failed")
        let input = UnsafeMutableRawPointer(data).map { $0.assumingMemoryBound(to: UnsafePointer<UInt8>?.self) }
        let produced = try avCheck(
            swr_convert(resampler, out.pointee.extended_data, capacity, input, count),
            "Converting audio failed"
        )
        let planes = UnsafeMutableRawPointer(out.pointee.extended_data!).assumingMemoryBound(
            to: UnsafeMutableRawPointer?.self
        )
        try avCheck(av_audio_fifo_write(fifo, planes, produced), "Buffering audio failed")
    }

    /// Sends `samples` samples from the FIFO to the encoder as one frame.
    private func encode(samples: Int32) throws {
        let out = converted.pointer
        converted.unref()
        out.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        out.pointee.nb_samples = samples
        out.pointee.sample_rate = encoder.pointer.pointee.sample_rate
        try avCheck(av_channel_layout_copy(&out.pointee.ch_layout, &encoder.pointer.pointee.ch_layout), "Audio layout")
        try avCheck(av_frame_get_buffer(out, 0), "Allocating audio samples failed")
        let planes = UnsafeMutableRawPointer(out.pointee.extended_data!).assumingMemoryBound(
            to: UnsafeMutableRawPointer?.self
        )
        _ = av_audio_fifo_read(fifo, planes, samples)
        out.pointee.pts = nextPTS ?? 0
        nextPTS = (nextPTS ?? 0) + Int64(samples)
        try avCheck(avcodec_send_frame(encoder.pointer, out), "Encoding audio failed")
    }
}
