import NIOCore
import NIOHTTP1
import StranglerShadow

/// Builds a ``CapturedResponse`` from response parts, keeping at most `limit` body bytes: enough to
/// compare, never the whole of a large answer.
struct ResponseCapture {
    let limit: Int
    private(set) var status = 0
    private(set) var headers: [(String, String)] = []
    private var body: [UInt8] = []
    private var truncated = false

    init(limit: Int) {
        self.limit = limit
    }

    mutating func head(_ head: HTTPResponseHead) {
        self.status = Int(head.status.code)
        self.headers = head.headers.map { ($0.name, $0.value) }
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
