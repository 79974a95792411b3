import CFFmpeg

/// Joins a rendition's chunk files, in order, into one MP4 with the source's audio.
///
/// Chunk packets already carry timestamps from the source's frame positions, so joining is a remux:
/// no decoding, no re-encoding. Decode timestamps are kept strictly increasing across chunk
/// boundaries, and every chunk must have been encoded with the same SPS/PPS.
enum Joiner {
    /// Joins `chunkPaths` into `output`, adding the audio `audio` supplies; returns the frame count.
    static func join(
        chunkPaths: [String],
        rendition: String,
        output: String,
        audio: (any AudioSource)?,
        cancel: CancelFlag
    ) throws -> Int {
        guard let firstPath = chunkPaths.first else { throw MediaError(.invalidArgument, "Nothing to join.") }
        var contents = try ChunkFile.read(firstPath, name: rendition)
        let stream = contents.stream
        let writer = try MP4Writer(path: output, video: stream, audio: audio)
        let packet = try Packet()
        var lastDTS = Int64.min
        var frames = 0
        for (number, path) in chunkPaths.enumerated() {
            try cancel.check()
            if number > 0 { contents = try ChunkFile.read(path, name: rendition) }
            guard contents.stream == stream else {
                throw MediaError(
                    .ffmpeg,
                    "Chunk \(number) of \(rendition) was encoded with different parameters than chunk 0; cannot join."
                )
            }
            for stored in contents.packets {
                packet.unref()
                try avCheck(av_new_packet(packet.pointer, Int32(stored.data.count)), "Allocating a packet failed")
                contents.bytes.withUnsafeBufferPointer { bytes in
                    packet.pointer.pointee.data.update(
                        from: bytes.baseAddress! + stored.data.lowerBound,
                        count: stored.data.count
                    )
                }
                // Each chunk's encoder starts its decode clock early by its reordering delay; never let
                // that step back behind the previous chunk's last packet.
                let dts = max(stored.dts, lastDTS == .min ? stored.dts : lastDTS + 1)
                packet.pointer.pointee.pts = stored.pts
                packet.pointer.pointee.dts = min(dts, stored.pts)
                packet.pointer.pointee.duration = stored.duration
                packet.pointer.pointee.flags = stored.flags
                lastDTS = packet.pointer.pointee.dts
                try writer.write(packet.pointer)
                frames += 1
            }
        }
        try writer.finish()
        return frames
    }
}
