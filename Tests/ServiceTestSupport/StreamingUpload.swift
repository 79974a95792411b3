import Crypto
import Foundation

extension HTTPTestClient {
    /// What a streamed upload sent.
    public struct StreamedUpload: Sendable {
        /// The server's reply, `nil` when the client hung up on purpose.
        public let reply: HTTPReply?
        /// SHA-256 of the bytes sent, lowercase hex.
        public let sha256: String
    }

    /// POSTs `totalBytes` of generated data (one random MiB, stamped with its index each time) with a Content-Length, 1 MiB at a time, never holding
    /// more than one chunk; with `hangUpAfter`, closes the connection after that many body bytes.
    public func streamUpload(
        _ path: String,
        headers: [String: String],
        totalBytes: Int,
        seed: UInt64 = 1,
        hangUpAfter: Int? = nil
    ) throws -> StreamedUpload {
        let fd = try connect()
        defer { close(fd) }
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(totalBytes)\r\n\r\n"
        try write(fd, Array(head.utf8))
        var hasher = SHA256()
        var generator = PatternGenerator(seed: seed)
        var sent = 0
        let stop = min(totalBytes, hangUpAfter ?? totalBytes)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        generator.fill(&chunk, count: chunk.count)
        var index: UInt64 = 0
        while sent < stop {
            let count = min(chunk.count, stop - sent)
            // Each chunk differs from the others by its index in the first bytes; cheap to make.
            index += 1
            withUnsafeBytes(of: index) { chunk.replaceSubrange(0..<8, with: $0) }
            chunk.withUnsafeBufferPointer {
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer($0)[..<count]))
            }
            try write(fd, Array(chunk[..<count]))
            sent += count
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        if hangUpAfter != nil, stop < totalBytes { return StreamedUpload(reply: nil, sha256: digest) }
        return StreamedUpload(reply: try parse(readAll(fd)), sha256: digest)
    }
}

/// Fast deterministic bytes (xorshift), so gigabytes can be generated on the fly.
public struct PatternGenerator {
    private var state: UInt64

    /// Starts from `seed` (0 is replaced by 1).
    public init(seed: UInt64) { state = seed == 0 ? 1 : seed }

    /// Overwrites the first `count` bytes of `buffer`.
    public mutating func fill(_ buffer: inout [UInt8], count: Int) {
        buffer.withUnsafeMutableBytes { raw in
            var index = 0
            while index < count {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                var word = state
                let take = min(8, count - index)
                withUnsafeBytes(of: &word) {
                    raw.baseAddress!.advanced(by: index).copyMemory(from: $0.baseAddress!, byteCount: take)
                }
                index += take
            }
        }
    }
}
