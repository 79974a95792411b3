import CFFmpeg

/// Supplies the output's audio packets, already timed relative to the first video frame.
protocol AudioSource: AnyObject {
    /// Time base of the packets `next` returns.
    var timeBase: AVRational { get }
    /// Fills the output stream's codec parameters.
    func describe(_ parameters: UnsafeMutablePointer<AVCodecParameters>) throws
    /// Reads the next packet; false when there are no more.
    func next(into packet: Packet) throws -> Bool
}

enum AudioSources {
    /// The audio for an output of `path`'s stream `streamIndex`: AAC is copied as is, anything else is
    /// re-encoded to AAC. `videoStart` (seconds) is subtracted from every timestamp, as it is from video.
    static func open(path: String, streamIndex: Int, videoStart: Double) throws -> any AudioSource {
        let input = try InputFile(path: path)
        input.discardAll(except: [streamIndex])
        if input.stream(streamIndex).pointee.codecpar.pointee.codec_id == AV_CODEC_ID_AAC {
            return AudioCopy(input: input, streamIndex: streamIndex, videoStart: videoStart)
        }
        return try AudioReencoder(input: input, streamIndex: streamIndex, videoStart: videoStart)
    }
}

/// Copies an AAC stream packet by packet (no decoding, so no clicks, gaps or drift).
final class AudioCopy: AudioSource {
    private let input: InputFile
    private let streamIndex: Int
    private let shift: Int64
    let timeBase: AVRational

    init(input: InputFile, streamIndex: Int, videoStart: Double) {
        self.input = input
        self.streamIndex = streamIndex
        timeBase = input.stream(streamIndex).pointee.time_base
        shift = Int64((videoStart * Double(timeBase.den) / Double(timeBase.num)).rounded())
    }

    func describe(_ parameters: UnsafeMutablePointer<AVCodecParameters>) throws {
        try avCheck(
            avcodec_parameters_copy(parameters, input.stream(streamIndex).pointee.codecpar),
            "Copying the audio parameters failed"
        )
        parameters.pointee.codec_tag = 0
    }

    func next(into packet: Packet) throws -> Bool {
        while try input.read(into: packet) {
            let p = packet.pointer
            guard Int(p.pointee.stream_index) == streamIndex else { continue }
            if p.pointee.pts != AVCode.noTimestamp { p.pointee.pts -= shift }
            if p.pointee.dts != AVCode.noTimestamp { p.pointee.dts -= shift }
            return true
        }
        return false
    }
}
