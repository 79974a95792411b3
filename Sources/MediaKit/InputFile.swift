import CFFmpeg
import Foundation

/// An opened media file for reading (owns its `AVFormatContext`). Confined to one thread.
final class InputFile {
    /// The demuxer context.
    let context: UnsafeMutablePointer<AVFormatContext>
    /// The path it was opened from.
    let path: String

    /// Opens `path`, turning the usual failures into clear errors.
    /// - Parameter findStreamInfo: read ahead to fill in stream parameters the header lacks.
    init(path: String, findStreamInfo: Bool = true) throws {
        LibavLog.configured
        self.path = path
        let name = (path as NSString).lastPathComponent
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw MediaError(.fileNotFound, "\(name) does not exist or cannot be read.")
        }
        guard status.st_size > 0 else {
            throw MediaError(.emptyFile, "\(name) is empty (0 bytes); give a video file.")
        }
        var context: UnsafeMutablePointer<AVFormatContext>?
        let opened = avformat_open_input(&context, path, nil, nil)
        guard opened >= 0, let context else {
            throw MediaError(
                opened == AVCode.invalidData ? .notAVideo : .fileNotFound,
                "\(name) is not a media file FFmpeg can read: \(FFmpegMessage.text(opened)).",
                averror: opened
            )
        }
        self.context = context
        if findStreamInfo {
            let found = avformat_find_stream_info(context, nil)
            if found < 0 {
                throw MediaError(
                    .notAVideo,
                    "\(name) could not be analysed: \(FFmpegMessage.text(found)).",
                    averror: found
                )
            }
        }
    }

    deinit {
        var context: UnsafeMutablePointer<AVFormatContext>? = self.context
        avformat_close_input(&context)
    }

    /// Number of streams.
    var streamCount: Int { Int(context.pointee.nb_streams) }

    /// Stream `index`.
    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream> {
        context.pointee.streams[index]!
    }

    /// Makes the demuxer skip every stream not in `keep`.
    func discardAll(except keep: Set<Int>) {
        for index in 0..<streamCount {
            stream(index).pointee.discard = keep.contains(index) ? AVDISCARD_DEFAULT : AVDISCARD_ALL
        }
    }

    /// Reads the next packet into `packet`; false at the end of the file.
    func read(into packet: Packet) throws -> Bool {
        packet.unref()
        let result = av_read_frame(context, packet.pointer)
        if result == AVCode.endOfFile { return false }
        if result < 0 {
            throw MediaError.ffmpeg(result, "Reading \((path as NSString).lastPathComponent) failed", code: .truncated)
        }
        return true
    }

    /// Seeks so that the next packet of `streamIndex` read is the keyframe with decode timestamp `dts`
    /// (or the nearest keyframe before it).
    func seek(streamIndex: Int, toKeyframeAt dts: Int64) throws {
        try avCheck(
            av_seek_frame(context, Int32(streamIndex), dts, AVSEEK_FLAG_BACKWARD),
            "Seeking in \((path as NSString).lastPathComponent) failed"
        )
    }
}
