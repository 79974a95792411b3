import CFFmpeg

/// Tells IDR (closed-GOP) keyframes from open-GOP ones by looking at the NAL unit types in a packet.
///
/// Only H.264 and HEVC have open GOPs that matter here; for other codecs every keyframe counts as one.
struct IDRDetector {
    private enum Syntax {
        case anyKeyframe
        case h264(lengthSize: Int?)
        case hevc(lengthSize: Int?)
    }

    private let syntax: Syntax

    /// A detector for the stream described by `parameters`.
    init(parameters: UnsafePointer<AVCodecParameters>) {
        let extradata = parameters.pointee.extradata
        let extradataSize = Int(parameters.pointee.extradata_size)
        switch parameters.pointee.codec_id {
        case AV_CODEC_ID_H264:
            // AVCC (MP4) extradata starts with version 1; byte 4 holds the NAL length size - 1.
            let isAVCC = extradataSize >= 7 && extradata![0] == 1
            syntax = .h264(lengthSize: isAVCC ? Int(extradata![4] & 3) + 1 : nil)
        case AV_CODEC_ID_HEVC:
            // hvcC extradata starts with version 1; byte 21 holds the NAL length size - 1.
            let isHVCC = extradataSize >= 23 && extradata![0] == 1
            syntax = .hevc(lengthSize: isHVCC ? Int(extradata![21] & 3) + 1 : nil)
        default:
            syntax = .anyKeyframe
        }
    }

    /// Whether the keyframe packet `data` starts a closed GOP.
    func isIDR(_ data: UnsafeBufferPointer<UInt8>) -> Bool {
        switch syntax {
        case .anyKeyframe:
            return true
        case .h264(let lengthSize):
            return Self.nalHeaders(data, lengthSize: lengthSize).contains { $0 & 0x1F == 5 }
        case .hevc(let lengthSize):
            // IDR_W_RADL (19) and IDR_N_LP (20); BLA (16-18) also closes the GOP.
            return Self.nalHeaders(data, lengthSize: lengthSize).contains { (16...20).contains(($0 >> 1) & 0x3F) }
        }
    }

    /// The first byte of every NAL unit, for length-prefixed (`lengthSize`) or Annex B (nil) packets.
    private static func nalHeaders(_ data: UnsafeBufferPointer<UInt8>, lengthSize: Int?) -> [UInt8] {
        var headers: [UInt8] = []
        if let lengthSize {
            var offset = 0
            while offset + lengthSize < data.count {
                var length = 0
                for byte in data[offset..<offset + lengthSize] { length = length << 8 | Int(byte) }
                offset += lengthSize
                guard length > 0, offset + length <= data.count else { break }
                headers.append(data[offset])
                offset += length
            }
        } else {
            var index = 0
            while index + 3 < data.count {
                if data[index] == 0, data[index + 1] == 0, data[index + 2] == 1 {
                    headers.append(data[index + 3])
                    index += 3
                } else {
                    index += 1
                }
            }
        }
        return headers
    }
}
