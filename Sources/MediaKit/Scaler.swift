import CFFmpeg

/// Scales decoded frames to one rendition's size in yuv420p (owns its `SwsContext` and output frame).
final class Scaler {
    private let size: RenditionSize
    private var context: OpaquePointer?
    private var sourceKey: (Int32, Int32, Int32) = (0, 0, -1)
    private let output: Frame

    init(size: RenditionSize) throws {
        self.size = size
        output = try Frame()
    }

    deinit { sws_freeContext(context) }

    /// Whether `frame` already has the rendition's size and pixel format, so it can go to the encoder as is.
    func canPassThrough(_ frame: UnsafeMutablePointer<AVFrame>) -> Bool {
        frame.pointee.width == Int32(size.width) && frame.pointee.height == Int32(size.height)
            && frame.pointee.format == AV_PIX_FMT_YUV420P.rawValue
    }

    /// `frame` scaled into this scaler's output frame (valid until the next call).
    func scale(_ frame: UnsafeMutablePointer<AVFrame>) throws -> UnsafeMutablePointer<AVFrame> {
        let key = (frame.pointee.width, frame.pointee.height, frame.pointee.format)
        if context == nil || key != sourceKey {
            sws_freeContext(context)
            context = sws_getContext(
                key.0,
                key.1,
                AVPixelFormat(rawValue: key.2),
                Int32(size.width),
                Int32(size.height),
                AV_PIX_FMT_YUV420P,
                SWS_BICUBIC,
                nil,
                nil,
                nil
            )
            guard context != nil else {
                throw MediaError(.unsupported, "Cannot scale \(key.0)x\(key.1) frames to \(size.width)x\(size.height).")
            }
            sourceKey = key
        }
        let out = output.pointer
        if out.pointee.buf.0 == nil {
            out.pointee.width = Int32(size.width)
            out.pointee.height = Int32(size.height)
            out.pointee.format = AV_PIX_FMT_YUV420P.rawValue
            try avCheck(av_frame_get_buffer(out, 0), "Allocating a \(size.name) frame failed")
        }
        try avCheck(av_frame_make_writable(out), "Allocating a \(size.name) frame failed")
        try avCheck(sws_scale_frame(context, out, frame), "Scaling to \(size.name) failed")
        return out
    }
}
