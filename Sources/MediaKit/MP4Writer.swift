import CFFmpeg
import Foundation

/// Writes one rendition's MP4: the H.264 video handed to it plus the audio from an ``AudioSource``,
/// interleaved by time, with `+faststart`. It writes to a temporary file in the same directory and
/// renames it into place only when complete, so a reader never sees a partial output.
final class MP4Writer: PacketSink {
    private let path: String
    private let temporary: String
    private var context: UnsafeMutablePointer<AVFormatContext>?
    private let video: UnsafeMutablePointer<AVStream>
    private let videoTimeBase: AVRational
    private let audio: (source: any AudioSource, stream: UnsafeMutablePointer<AVStream>)?
    private let audioPacket: Packet
    private var audioPending = false
    private var audioDone = false
    private var finished = false

    /// Opens `path`'s temporary file and writes the header.
    init(path: String, video stream: EncodedStream, audio source: (any AudioSource)?) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        temporary = "\(directory)/.\((path as NSString).lastPathComponent).\(getpid()).part"
        var context: UnsafeMutablePointer<AVFormatContext>?
        try avCheck(avformat_alloc_output_context2(&context, nil, "mp4", temporary), "Creating an MP4 muxer failed")
        self.context = context
        guard let context, let video = avformat_new_stream(context, nil) else {
            throw MediaError(.ffmpeg, "Out of memory creating an MP4 stream.")
        }
        self.video = video
        videoTimeBase = AVRational(num: stream.timeBase.numerator, den: stream.timeBase.denominator)
        try video.pointee.codecpar.pointee.describe(stream)
        video.pointee.time_base = videoTimeBase
        video.pointee.avg_frame_rate = AVRational(num: stream.frameRate.numerator, den: stream.frameRate.denominator)
        if let source {
            guard let audioStream = avformat_new_stream(context, nil) else {
                throw MediaError(.ffmpeg, "Out of memory creating an MP4 stream.")
            }
            try source.describe(audioStream.pointee.codecpar)
            audioStream.pointee.time_base = source.timeBase
            audio = (source, audioStream)
        } else {
            audio = nil
        }
        audioPacket = try Packet()
        try avCheck(avio_open(&context.pointee.pb, temporary, AVIO_FLAG_WRITE), "Creating \(temporary) failed")
        let options = Options([("movflags", "+faststart")])
        try avCheck(avformat_write_header(context, &options.pointer), "Writing the MP4 header of \(path) failed")
    }

    deinit {
        if let context {
            if context.pointee.pb != nil { avio_closep(&context.pointee.pb) }
            avformat_free_context(context)
        }
        if !finished { unlink(temporary) }
    }

    /// Writes a video packet (timestamps in the stream's time base), after any audio that comes before it.
    func write(_ packet: UnsafeMutablePointer<AVPacket>) throws {
        try writeAudio(until: packet.pointee.dts, in: videoTimeBase)
        packet.pointee.stream_index = video.pointee.index
        av_packet_rescale_ts(packet, videoTimeBase, video.pointee.time_base)
        try avCheck(av_interleaved_write_frame(context, packet), "Writing video to \(path) failed")
    }

    /// Writes the remaining audio and the trailer (moving the index to the front), then renames the
    /// file into place.
    func finish() throws {
        try writeAudio(until: nil, in: videoTimeBase)
        try avCheck(av_write_trailer(context), "Finishing \(path) failed")
        avio_closep(&context!.pointee.pb)
        let descriptor = Glibc.open(temporary, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        guard rename(temporary, path) == 0 else {
            throw MediaError(.io, "Cannot move the finished output into \(path): errno \(errno).")
        }
        finished = true
    }

    /// Writes audio packets whose decode time is at or before `limit` (all of them when nil).
    private func writeAudio(until limit: Int64?, in timeBase: AVRational) throws {
        guard let audio, !audioDone else { return }
        while true {
            if !audioPending {
                guard try audio.source.next(into: audioPacket) else {
                    audioDone = true
                    return
                }
                audioPending = true
            }
            let p = audioPacket.pointer
            let time = p.pointee.dts != AVCode.noTimestamp ? p.pointee.dts : p.pointee.pts
            if let limit, time != AVCode.noTimestamp,
                av_compare_ts(time, audio.source.timeBase, limit, timeBase) > 0
            {
                return
            }
            p.pointee.stream_index = audio.stream.pointee.index
            av_packet_rescale_ts(p, audio.source.timeBase, audio.stream.pointee.time_base)
            try avCheck(av_interleaved_write_frame(context, p), "Writing audio to \(path) failed")
            audioPending = false
        }
    }
}
