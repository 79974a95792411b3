import CFFmpeg
import Foundation

/// Reads what a media file holds: streams, codecs, resolution, frame rate, frame count, keyframes.
///
/// It reads every video packet (not decoding them), so the frame count and the keyframe list are
/// exact, and a truncated file is caught here rather than halfway through a transcode.
public enum Probe {
    /// Probes `path` on a dedicated thread.
    /// - Throws: ``MediaError`` with code `file_not_found`, `empty_file`, `not_a_video`,
    ///   `no_video_stream` or `truncated`.
    public static func probe(_ path: String) async throws -> MediaInfo {
        try await BlockingThread.run(name: "probe") { try scan(path).info }
    }

    /// Probes `path` on the calling thread (which must be allowed to block).
    public static func probeBlocking(_ path: String) throws -> MediaInfo {
        try scan(path).info
    }

    /// The probe's result: the public summary and the packet index chunking works from.
    struct Result: Sendable {
        let info: MediaInfo
        let index: VideoIndex
    }

    static func scan(_ path: String) throws -> Result {
        let input = try InputFile(path: path)
        let name = (path as NSString).lastPathComponent
        let streams = (0..<input.streamCount).map { describe(input.stream($0), index: $0) }
        guard let video = streams.first(where: { $0.kind == .video && !isCoverArt(input.stream($0.index)) }) else {
            let kinds =
                streams.isEmpty
                ? "no streams" : streams.map { "\($0.kind.rawValue) (\($0.codec))" }.joined(separator: ", ")
            throw MediaError(.noVideoStream, "\(name) has no video stream (it has \(kinds)); give a video file.")
        }
        let stream = input.stream(video.index)
        let parameters = stream.pointee.codecpar!
        guard avcodec_find_decoder(parameters.pointee.codec_id) != nil else {
            throw MediaError(.unsupported, "\(name) uses video codec \(video.codec), which this FFmpeg cannot decode.")
        }
        guard parameters.pointee.width > 0, parameters.pointee.height > 0 else {
            throw MediaError(.notAVideo, "\(name) has a video stream without a picture size; it may be damaged.")
        }
        let index = try readIndex(input, streamIndex: video.index)
        guard index.frameCount > 0 else {
            throw MediaError(.truncated, "\(name) has a video stream with no frames; it may be truncated.")
        }
        let expected = Int(stream.pointee.nb_frames)
        if expected > 0, index.frameCount < expected {
            throw MediaError(
                .truncated,
                "\(name) is truncated: its index lists \(expected) video frames but only \(index.frameCount) are present."
            )
        }
        let info = MediaInfo(
            formatName: String(cString: input.context.pointee.iformat.pointee.name),
            duration: input.context.pointee.duration > 0 ? Double(input.context.pointee.duration) / 1e6 : 0,
            streams: streams,
            video: videoInfo(stream, index: index, codec: video.codec),
            audio: streams.first { $0.kind == .audio }
        )
        return Result(info: info, index: index)
    }

    private static func describe(_ stream: UnsafeMutablePointer<AVStream>, index: Int) -> StreamInfo {
        let parameters = stream.pointee.codecpar!
        let kind: StreamInfo.Kind =
            switch parameters.pointee.codec_type {
            case AVMEDIA_TYPE_VIDEO: .video
            case AVMEDIA_TYPE_AUDIO: .audio
            case AVMEDIA_TYPE_SUBTITLE: .subtitle
            case AVMEDIA_TYPE_DATA: .data
            default: .other
            }
        return StreamInfo(
            index: index,
            kind: kind,
            codec: String(cString: avcodec_get_name(parameters.pointee.codec_id))
        )
    }

    private static func isCoverArt(_ stream: UnsafeMutablePointer<AVStream>) -> Bool {
        stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC != 0
    }

    private static func readIndex(_ input: InputFile, streamIndex: Int) throws -> VideoIndex {
        input.discardAll(except: [streamIndex])
        let stream = input.stream(streamIndex)
        let detector = IDRDetector(parameters: stream.pointee.codecpar)
        let packet = try Packet()
        var packets: [IndexedPacket] = []
        var lastDuration: Int64 = 0
        var previous: Int64?
        while try input.read(into: packet) {
            let p = packet.pointer.pointee
            guard Int(p.stream_index) == streamIndex else { continue }
            let isKey = p.flags & AV_PKT_FLAG_KEY != 0
            var pts = p.pts != AVCode.noTimestamp ? p.pts : p.dts
            if pts == AVCode.noTimestamp { pts = (previous ?? -1) + max(1, p.duration) }
            let dts = p.dts != AVCode.noTimestamp ? p.dts : pts
            let isIDR = isKey && p.data != nil && detector.isIDR(UnsafeBufferPointer(start: p.data, count: Int(p.size)))
            packets.append(IndexedPacket(pts: pts, dts: dts, isKey: isKey, isIDR: isIDR))
            previous = pts
            lastDuration = p.duration
        }
        let timeBase = Rational(stream.pointee.time_base.num, stream.pointee.time_base.den)
        if lastDuration <= 0 {
            let rate = av_guess_frame_rate(input.context, stream, nil)
            lastDuration = rate.num > 0 ? av_rescale_q(1, av_inv_q(rate), stream.pointee.time_base) : 1
        }
        return VideoIndex(
            streamIndex: streamIndex,
            timeBase: timeBase,
            packets: packets,
            lastFrameDuration: lastDuration
        )
    }

    private static func videoInfo(_ stream: UnsafeMutablePointer<AVStream>, index: VideoIndex, codec: String)
        -> VideoInfo
    {
        let parameters = stream.pointee.codecpar.pointee
        let aspect = parameters.sample_aspect_ratio
        let displayWidth =
            aspect.num > 0 && aspect.den > 0
            ? Int((Double(parameters.width) * aspect.double).rounded()) : Int(parameters.width)
        var rate = stream.pointee.avg_frame_rate
        if rate.num <= 0 || rate.den <= 0 { rate = stream.pointee.r_frame_rate }
        let start = index.startPTS
        let keyframes = index.packets.filter(\.isKey).map { packet in
            Keyframe(
                frameIndex: index.position(ofPTS: packet.pts),
                time: index.seconds(packet.pts - start),
                isIDR: packet.isIDR
            )
        }.sorted { $0.frameIndex < $1.frameIndex }
        return VideoInfo(
            streamIndex: index.streamIndex,
            codec: codec,
            width: Int(parameters.width),
            height: Int(parameters.height),
            displayWidth: displayWidth,
            frameRate: Rational(rate.num, rate.den),
            timeBase: index.timeBase,
            frameCount: index.frameCount,
            startTime: index.seconds(start),
            duration: index.seconds(index.endPTS - start),
            keyframes: keyframes
        )
    }
}
