import CFFmpeg

/// Owns one `AVPacket` (freed on deinit). Confined to the thread that uses it.
final class Packet {
    /// The packet.
    let pointer: UnsafeMutablePointer<AVPacket>

    init() throws {
        guard let pointer = av_packet_alloc() else { throw MediaError(.ffmpeg, "Out of memory allocating a packet.") }
        self.pointer = pointer
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVPacket>? = self.pointer
        av_packet_free(&pointer)
    }

    /// Drops the packet's data reference, keeping the allocation for reuse.
    func unref() { av_packet_unref(pointer) }
}

/// Owns one `AVFrame` (freed on deinit). Confined to the thread that uses it.
final class Frame {
    /// The frame.
    let pointer: UnsafeMutablePointer<AVFrame>

    init() throws {
        guard let pointer = av_frame_alloc() else { throw MediaError(.ffmpeg, "Out of memory allocating a frame.") }
        self.pointer = pointer
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVFrame>? = self.pointer
        av_frame_free(&pointer)
    }

    /// Drops the frame's buffers, keeping the allocation for reuse.
    func unref() { av_frame_unref(pointer) }
}

/// Owns an `AVCodecContext` (freed on deinit).
final class CodecContext {
    /// The codec context.
    let pointer: UnsafeMutablePointer<AVCodecContext>

    init(codec: UnsafePointer<AVCodec>) throws {
        guard let pointer = avcodec_alloc_context3(codec) else {
            throw MediaError(.ffmpeg, "Out of memory allocating a codec context.")
        }
        self.pointer = pointer
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVCodecContext>? = self.pointer
        avcodec_free_context(&pointer)
    }
}

/// Owns an `AVDictionary` of options (freed on deinit).
final class Options {
    /// The dictionary; nil while empty.
    var pointer: OpaquePointer?

    init(_ entries: [(String, String)] = []) {
        for (key, value) in entries { set(key, value) }
    }

    deinit { av_dict_free(&pointer) }

    /// Sets `key` to `value`.
    func set(_ key: String, _ value: String) { av_dict_set(&pointer, key, value, 0) }
}

extension AVRational {
    /// The rational as a Double (0 when the denominator is 0).
    var double: Double { den == 0 ? 0 : Double(num) / Double(den) }
}
