import Crypto
import Foundation
import Testing

/// Bodies stream through the proxy with backpressure: a 200 MB transfer never sits in its memory.
/// Memory is the peak of the proxy's anonymous RSS during the transfer (see ``MemorySampler``).
@Suite(.serialized)
struct StreamingTests {
    static let size = 200 * 1024 * 1024
    static let rssLimit = 64 * 1024 * 1024

    @Test func uploadOf200MBStreamsWithBoundedMemory() async throws {
        let fixture = try await ProxyFixture.start()
        defer { fixture.stop() }
        let sampler = MemorySampler(pid: fixture.proxy.process.processIdentifier)
        let connection = try fixture.connect()
        try connection.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: video/mp4\r\nContent-Length: \(Self.size)\r\n\r\n"
        )
        var hasher = SHA256()
        var block = [UInt8](repeating: 0, count: 1024 * 1024)
        for i in 0..<(Self.size / block.count) {
            for j in stride(from: 0, to: block.count, by: 4096) { block[j] = UInt8(truncatingIfNeeded: i &+ j) }
            hasher.update(data: block)
            try connection.send(block)
        }
        let response = try connection.readResponse()
        let echo = try JSONDecoder().decode(EchoReply.self, from: Data(response.body))
        #expect(echo.bodyBytes == Self.size)
        #expect(echo.bodySHA256 == hasher.finalize().map { String(format: "%02x", $0) }.joined())
        let peak = await sampler.stop()
        #expect(peak > 0 && peak < Self.rssLimit, "proxy peak anonymous RSS \(peak / 1_048_576) MB")
    }

    @Test func downloadOf200MBStreamsWithBoundedMemory() async throws {
        let fixture = try await ProxyFixture.start()
        defer { fixture.stop() }
        let sampler = MemorySampler(pid: fixture.proxy.process.processIdentifier)
        let connection = try fixture.connect()
        try connection.send("GET /bytes?n=\(Self.size) HTTP/1.1\r\nHost: t\r\n\r\n")
        let (status, received) = try connection.readResponseCountingBody()
        #expect(status == 200)
        #expect(received == Self.size)
        let peak = await sampler.stop()
        #expect(peak > 0 && peak < Self.rssLimit, "proxy peak anonymous RSS \(peak / 1_048_576) MB")
    }
}
