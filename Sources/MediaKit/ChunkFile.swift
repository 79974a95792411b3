import CFFmpeg
import Foundation

/// The file one chunk's encoded packets of one rendition are kept in until the join.
///
/// Layout (little-endian): magic `STRCHK01`; width, height, time base num/den, frame rate num/den,
/// video delay, extradata size (Int32 each); extradata; then per packet: pts, dts, duration (Int64),
/// flags, size (Int32) and the data. Written to `PATH.part`, fsynced and renamed, so a file at `PATH`
/// is always complete.
enum ChunkFile {
    static let magic = Array("STRCHK01".utf8)

    /// Appends one packet record (pts, dts, duration as Int64; flags, size as Int32; the data), the layout
    /// chunk files and converted audio files share.
    static func appendRecord(of packet: UnsafeMutablePointer<AVPacket>, to buffer: inout [UInt8]) {
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { buffer += $0 }
        }
        let p = packet.pointee
        append(p.pts)
        append(p.dts)
        append(p.duration)
        append(p.flags)
        append(p.size)
        if p.size > 0 { buffer += UnsafeBufferPointer(start: p.data, count: Int(p.size)) }
    }

    /// Writes a chunk file; a ``PacketSink`` for one rendition of one chunk.
    final class Writer: PacketSink {
        private let path: String
        private let handle: FileHandle
        private var buffer: [UInt8] = []

        init(path: String, stream: EncodedStream) throws {
            self.path = path
            let partial = path + ".part"
            guard FileManager.default.createFile(atPath: partial, contents: nil),
                let handle = FileHandle(forWritingAtPath: partial)
            else { throw MediaError(.io, "Cannot create chunk file \(partial).") }
            self.handle = handle
            buffer.reserveCapacity(1 << 20)
            buffer += magic
            for value in [
                stream.size.width, stream.size.height, Int(stream.timeBase.numerator), Int(stream.timeBase.denominator),
                Int(stream.frameRate.numerator), Int(stream.frameRate.denominator), Int(stream.videoDelay),
                stream.extradata.count,
            ] {
                append(Int32(value))
            }
            buffer += stream.extradata
        }

        func write(_ packet: UnsafeMutablePointer<AVPacket>) throws {
            ChunkFile.appendRecord(of: packet, to: &buffer)
            if buffer.count >= 1 << 20 { try flush() }
        }

        func finish() throws {
            try flush()
            do {
                try handle.synchronize()
                try handle.close()
            } catch {
                throw MediaError(.io, "Cannot write chunk file \(path): \(error).")
            }
            guard rename(path + ".part", path) == 0 else {
                throw MediaError(.io, "Cannot rename chunk file into \(path): errno \(errno).")
            }
        }

        private func flush() throws {
            do { try handle.write(contentsOf: buffer) } catch {
                throw MediaError(.io, "Cannot write chunk file \(path): \(error).")
            }
            buffer.removeAll(keepingCapacity: true)
        }

        private func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { buffer += $0 }
        }
    }

    /// One packet read back from a chunk file.
    struct StoredPacket {
        let pts: Int64
        let dts: Int64
        let duration: Int64
        let flags: Int32
        let data: Range<Int>
    }

    /// A chunk file read back whole.
    struct Contents {
        let stream: EncodedStream
        let bytes: [UInt8]
        let packets: [StoredPacket]
    }

    /// Reads the chunk file at `path`.
    static func read(_ path: String, name: String) throws -> Contents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MediaError(.io, "Cannot read chunk file \(path).")
        }
        let bytes = [UInt8](data)
        var offset = 0
        func next<T: FixedWidthInteger>(_: T.Type) throws -> T {
            let size = MemoryLayout<T>.size
            guard offset + size <= bytes.count else { throw MediaError(.io, "Chunk file \(path) is damaged.") }
            var value: T = 0
            _ = withUnsafeMutableBytes(of: &value) { bytes.copyBytes(to: $0, from: offset..<offset + size) }
            offset += size
            return T(littleEndian: value)
        }
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw MediaError(.io, "\(path) is not a chunk file.")
        }
        offset = magic.count
        let fields = try (0..<8).map { _ in Int(try next(Int32.self)) }
        guard fields[7] >= 0, offset + fields[7] <= bytes.count else {
            throw MediaError(.io, "Chunk file \(path) is damaged.")
        }
        let extradata = Array(bytes[offset..<offset + fields[7]])
        offset += fields[7]
        let stream = EncodedStream(
            size: RenditionSize(name: name, width: fields[0], height: fields[1]),
            timeBase: Rational(Int32(fields[2]), Int32(fields[3])),
            frameRate: Rational(Int32(fields[4]), Int32(fields[5])),
            extradata: extradata,
            videoDelay: Int32(fields[6])
        )
        var packets: [StoredPacket] = []
        while offset < bytes.count {
            let pts = try next(Int64.self)
            let dts = try next(Int64.self)
            let duration = try next(Int64.self)
            let flags = try next(Int32.self)
            let size = Int(try next(Int32.self))
            guard size >= 0, offset + size <= bytes.count else {
                throw MediaError(.io, "Chunk file \(path) is damaged.")
            }
            packets.append(
                StoredPacket(pts: pts, dts: dts, duration: duration, flags: flags, data: offset..<offset + size)
            )
            offset += size
        }
        return Contents(stream: stream, bytes: bytes, packets: packets)
    }
}
