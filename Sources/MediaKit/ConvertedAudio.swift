import CFFmpeg
import Foundation

/// The source's audio converted to AAC once for every rendition of a chunked run.
///
/// AAC audio is copied into each output as is, which costs next to nothing. Anything else must be
/// re-encoded; done by each rendition's join, that would encode it once per rendition, after all the
/// video. Instead one worker converts it into a file in the work directory while the others encode video
/// chunks, and every join replays that file.
///
/// File layout (little-endian): magic `STRAUD01`, then per packet: pts, dts, duration (Int64), flags and
/// size (Int32), and the data. It is written to `PATH.part` and renamed, so a file at `PATH` is complete
/// and a resumed run reuses it. The codec parameters are not stored: they come from a freshly opened
/// encoder, which gives the same ones every time.
///
/// Created on the run's thread; ``convert(cancel:)`` runs on one worker, then ``open()`` on the joins,
/// which start only after every worker has finished.
final class ConvertedAudio: @unchecked Sendable {
    static let magic = Array("STRAUD01".utf8)
    /// Bytes before each packet's data.
    private static let headerSize = 32

    /// Where the converted packets are kept.
    let path: String
    private let encoder: any AudioSource
    private let parameters: UnsafeMutablePointer<AVCodecParameters>
    private let timeBase: AVRational

    /// The converter for `context`'s audio, writing to `path`; nil when the source has no audio or its
    /// audio is AAC (copied, nothing to convert).
    static func prepare(context: RunContext, path: String) throws -> ConvertedAudio? {
        guard let source = try context.openAudio(), source is AudioReencoder else { return nil }
        return try ConvertedAudio(encoder: source, path: path)
    }

    private init(encoder: any AudioSource, path: String) throws {
        self.encoder = encoder
        self.path = path
        guard let parameters = avcodec_parameters_alloc() else {
            throw MediaError(.ffmpeg, "Out of memory allocating audio parameters.")
        }
        self.parameters = parameters
        timeBase = encoder.timeBase
        do { try encoder.describe(parameters) } catch {
            var owned: UnsafeMutablePointer<AVCodecParameters>? = parameters
            avcodec_parameters_free(&owned)
            throw error
        }
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecParameters>? = parameters
        avcodec_parameters_free(&owned)
    }

    /// Whether the file is complete (converted by this run or an interrupted one).
    var isConverted: Bool { FileManager.default.fileExists(atPath: path) }

    /// Encodes the whole audio track into the file.
    func convert(cancel: CancelFlag) throws {
        let partial = path + ".part"
        guard FileManager.default.createFile(atPath: partial, contents: nil),
            let handle = FileHandle(forWritingAtPath: partial)
        else { throw MediaError(.io, "Cannot create the audio file \(partial).") }
        var buffer = Self.magic
        buffer.reserveCapacity(1 << 20)
        func flush() throws {
            do { try handle.write(contentsOf: buffer) } catch {
                throw MediaError(.io, "Cannot write the audio file \(partial): \(error).")
            }
            buffer.removeAll(keepingCapacity: true)
        }
        let packet = try Packet()
        while try encoder.next(into: packet) {
            try cancel.check()
            ChunkFile.appendRecord(of: packet.pointer, to: &buffer)
            if buffer.count >= 1 << 20 { try flush() }
        }
        try flush()
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw MediaError(.io, "Cannot write the audio file \(partial): \(error).")
        }
        guard rename(partial, path) == 0 else {
            throw MediaError(.io, "Cannot rename the audio file into \(path): errno \(errno).")
        }
    }

    /// A source replaying the converted audio from the start, for one output.
    func open() throws -> any AudioSource {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw MediaError(.io, "Cannot read the audio file \(path).")
        }
        let replay = Replay(owner: self, handle: handle)
        try replay.checkMagic()
        return replay
    }

    /// Reads the file back packet by packet.
    private final class Replay: AudioSource {
        private let owner: ConvertedAudio
        private let handle: FileHandle

        init(owner: ConvertedAudio, handle: FileHandle) {
            self.owner = owner
            self.handle = handle
        }

        var timeBase: AVRational { owner.timeBase }

        func describe(_ parameters: UnsafeMutablePointer<AVCodecParameters>) throws {
            try avCheck(avcodec_parameters_copy(parameters, owner.parameters), "Copying the audio parameters failed")
        }

        func checkMagic() throws {
            guard try read(ConvertedAudio.magic.count).elementsEqual(ConvertedAudio.magic) else {
                throw MediaError(.io, "\(owner.path) is not an audio file of ours.")
            }
        }

        func next(into packet: Packet) throws -> Bool {
            let header = try read(ConvertedAudio.headerSize, allowEnd: true)
            guard !header.isEmpty else { return false }
            func field<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
                var value: T = 0
                _ = withUnsafeMutableBytes(of: &value) {
                    header.copyBytes(to: $0, from: header.startIndex + offset..<header.startIndex + offset + $0.count)
                }
                return T(littleEndian: value)
            }
            let size = field(Int32.self, at: 28)
            guard size >= 0 else { throw MediaError(.io, "The audio file \(owner.path) is damaged.") }
            packet.unref()
            try avCheck(av_new_packet(packet.pointer, size), "Allocating a packet failed")
            if size > 0 {
                let data = try read(Int(size))
                data.withUnsafeBytes { bytes in
                    packet.pointer.pointee.data.update(
                        from: bytes.bindMemory(to: UInt8.self).baseAddress!,
                        count: Int(size)
                    )
                }
            }
            packet.pointer.pointee.pts = field(Int64.self, at: 0)
            packet.pointer.pointee.dts = field(Int64.self, at: 8)
            packet.pointer.pointee.duration = field(Int64.self, at: 16)
            packet.pointer.pointee.flags = field(Int32.self, at: 24)
            return true
        }

        /// Exactly `count` bytes, or (with `allowEnd`) none at the end of the file.
        private func read(_ count: Int, allowEnd: Bool = false) throws -> Data {
            let data: Data
            do { data = try handle.read(upToCount: count) ?? Data() } catch {
                throw MediaError(.io, "Cannot read the audio file \(owner.path): \(error).")
            }
            guard data.count == count || (allowEnd && data.isEmpty) else {
                throw MediaError(.io, "The audio file \(owner.path) is damaged.")
            }
            return data
        }
    }
}
