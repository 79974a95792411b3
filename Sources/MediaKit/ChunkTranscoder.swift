import CFFmpeg

/// Decodes one chunk once, scales each frame to every rendition and encodes them with libx264.
///
/// Every output frame is stamped from the source index (its source presentation time minus the first
/// frame's), never from a decoder clock, so chunks line up exactly when joined. A frame the decoder
/// fails to produce is replaced by a copy of the one before it, so the frame count always matches
/// the source. Runs entirely on the calling thread, which must be allowed to block.
final class ChunkTranscoder {
    /// What one chunk transcode needs.
    struct Work: Sendable {
        let path: String
        let index: VideoIndex
        let chunk: Chunk
        let sizes: [RenditionSize]
        let settings: EncoderSettings
        let frameRate: Rational
    }

    /// What happened while transcoding a chunk.
    struct Outcome: Sendable {
        /// Frames the decoder produced that the chunk kept.
        var decoded = 0
        /// Frames copied from their predecessor because the decoder did not produce them.
        var filled = 0
    }

    /// How far past its end a chunk that ends at an open-GOP keyframe reads for its leading frames.
    static let maximumPacketsPastEnd = 64

    private struct Output {
        let scaler: Scaler
        let encoder: VideoEncoder
        let sink: any PacketSink
    }

    private let work: Work
    private let expected: [Int64]
    private var durations: [Int64: Int64] = [:]
    private var outputs: [Output] = []
    private var next = 0
    private var outcome = Outcome()
    private let lastFrame: Frame
    private var hasLastFrame = false
    private let packet: Packet

    init(_ work: Work) throws {
        self.work = work
        expected = Array(work.index.presentation[work.chunk.frames])
        for position in work.chunk.frames {
            durations[work.index.presentation[position] - work.index.startPTS] = work.index.duration(
                ofFrameAt: position
            )
        }
        lastFrame = try Frame()
        packet = try Packet()
    }

    /// Transcodes the chunk, handing each rendition's packets to the sink `makeSink` returns for it.
    /// - Parameter progress: called with the number of frames encoded since the last call.
    func run(
        makeSink: (EncodedStream) throws -> any PacketSink,
        progress: (Int) -> Void,
        cancel: CancelFlag
    ) throws -> Outcome {
        let input = try InputFile(path: work.path)
        let streamIndex = work.index.streamIndex
        input.discardAll(except: [streamIndex])
        let stream = input.stream(streamIndex)
        let decoder = try VideoDecoder(stream: stream, threads: work.settings.threadsPerWorker)
        let timeBase = stream.pointee.time_base
        let rate = AVRational(num: work.frameRate.numerator, den: work.frameRate.denominator)
        for size in work.sizes {
            let encoder = try VideoEncoder(size: size, timeBase: timeBase, frameRate: rate, settings: work.settings)
            let described = EncodedStream(
                size: size,
                timeBase: work.index.timeBase,
                frameRate: work.frameRate,
                extradata: encoder.extradata,
                videoDelay: encoder.videoDelay
            )
            outputs.append(Output(scaler: try Scaler(size: size), encoder: encoder, sink: try makeSink(described)))
        }
        let packets = work.index.packets
        let startDTS = packets[work.chunk.startPacket].dts
        let end = work.chunk.endPacket.map { packets[$0] }
        if work.chunk.startPacket > 0 { try input.seek(streamIndex: streamIndex, toKeyframeAt: startDTS) }
        let frame = try Frame()
        var packetsPastEnd = 0
        var first = true
        while next < expected.count, try input.read(into: packet) {
            try cancel.check()
            guard Int(packet.pointer.pointee.stream_index) == streamIndex else { continue }
            let dts = packet.pointer.pointee.dts
            if first, work.chunk.startPacket > 0, dts != AVCode.noTimestamp, dts > startDTS {
                throw MediaError(
                    .unsupported,
                    "Seeking in \(work.path) missed the keyframe chunk \(work.chunk.number) starts at."
                )
            }
            first = false
            if dts != AVCode.noTimestamp, dts < startDTS { continue }
            if let end, dts != AVCode.noTimestamp, dts >= end.dts {
                // A closed GOP ends here; an open one may still owe this chunk its leading frames.
                if end.isIDR { break }
                packetsPastEnd += 1
                if packetsPastEnd > Self.maximumPacketsPastEnd { break }
            }
            while try !decoder.send(packet.pointer) {
                try drain(decoder, into: frame, progress: progress)
            }
            try drain(decoder, into: frame, progress: progress)
        }
        if next < expected.count {
            _ = try decoder.send(nil)
            try drain(decoder, into: frame, progress: progress)
        }
        try fillRemaining(progress: progress)
        for output in outputs {
            try output.encoder.send(nil)
            try writePackets(of: output)
            try output.sink.finish()
        }
        return outcome
    }

    private func drain(_ decoder: VideoDecoder, into frame: Frame, progress: (Int) -> Void) throws {
        while next < expected.count, try decoder.receive(into: frame) {
            var pts = frame.pointer.pointee.best_effort_timestamp
            if pts == AVCode.noTimestamp { pts = frame.pointer.pointee.pts }
            if pts == AVCode.noTimestamp { pts = expected[next] }
            var emitted = 0
            while next < expected.count, expected[next] < pts {
                // The decoder skipped this frame: repeat the previous one (or this one, at the start).
                try emit(hasLastFrame ? lastFrame.pointer : frame.pointer, pts: expected[next])
                outcome.filled += 1
                emitted += 1
            }
            if next < expected.count, expected[next] == pts {
                try emit(frame.pointer, pts: pts)
                outcome.decoded += 1
                emitted += 1
                lastFrame.unref()
                try avCheck(av_frame_ref(lastFrame.pointer, frame.pointer), "Keeping a decoded frame failed")
                hasLastFrame = true
            }
            if emitted > 0 { progress(emitted) }
        }
    }

    private func fillRemaining(progress: (Int) -> Void) throws {
        guard next < expected.count else { return }
        guard hasLastFrame else {
            throw MediaError(
                .notAVideo,
                "No frame of chunk \(work.chunk.number) of \(work.path) could be decoded; the file may be damaged."
            )
        }
        let missing = expected.count - next
        while next < expected.count {
            try emit(lastFrame.pointer, pts: expected[next])
            outcome.filled += 1
        }
        progress(missing)
    }

    private func emit(_ frame: UnsafeMutablePointer<AVFrame>, pts: Int64) throws {
        let outputPTS = pts - work.index.startPTS
        for output in outputs {
            let picture = output.scaler.canPassThrough(frame) ? frame : try output.scaler.scale(frame)
            picture.pointee.pts = outputPTS
            picture.pointee.pict_type = AV_PICTURE_TYPE_NONE
            try output.encoder.send(picture)
            try writePackets(of: output)
        }
        next += 1
    }

    private func writePackets(of output: Output) throws {
        while try output.encoder.receive(into: packet) {
            let p = packet.pointer
            p.pointee.duration = durations[p.pointee.pts] ?? work.index.lastFrameDuration
            try output.sink.write(p)
        }
    }
}
