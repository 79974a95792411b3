import NIOCore
import NIOHTTP1
import StranglerShadow

/// Builds a ``CapturedResponse`` from response parts, keeping at most `limit` body bytes: enough to
/// compare, never the whole of a large answer; and, when `headers` is given, only those headers (the ones
/// `compare.headers` compares), so a mirrored request does not copy every header of both answers.
struct ResponseCapture {
    let limit: Int
    let keptHeaders: [String]?
    private(set) var status = 0
    private(set) var headers: [(String, String)] = []
    private var body: [UInt8] = []
    private var truncated = false

    init(limit: Int, headers: [String]? = nil) {
        self.limit = limit
        self.keptHeaders = headers
    }

    mutating func head(_ head: HTTPResponseHead) {
        self.status = Int(head.status.code)
        guard let kept = self.keptHeaders else {
            self.headers = head.headers.map { ($0.name, $0.value) }
            return
        }
        self.headers = []
        for name in kept {
            for value in head.headers[name] { self.headers.append((name, value)) }
        }
    }

    mutating func body(_ buffer: ByteBuffer) {
        let room = self.limit - self.body.count
        if buffer.readableBytes > room { self.truncated = true }
        if room > 0 { self.body += buffer.readableBytesView.prefix(room) }
    }

    func finished(latency: Duration) -> CapturedResponse {
        CapturedResponse(
            status: self.status,
            headers: self.headers,
            body: self.body,
            bodyTruncated: self.truncated,
            latency: latency
        )
    }
}
