import NIOCore
import NIOHTTP1
import StranglerCore

/// One keep-alive HTTP/1.1 connection to an upstream, owned by its event loop's ``UpstreamPool``.
final class UpstreamConnection {
    let channel: any Channel
    let handler: UpstreamHandler
    let key: UpstreamKey
    /// Requests this connection has carried; more than zero means it came back from the pool.
    var requestCount = 0
    /// While idle in the pool: when it is closed unless leased again.
    var idleDeadline = NIODeadline.distantFuture

    init(channel: any Channel, handler: UpstreamHandler, key: UpstreamKey) {
        self.channel = channel
        self.handler = handler
        self.key = key
    }

    var isWritable: Bool { self.channel.isWritable }

    func write(_ part: HTTPClientRequestPart) {
        self.channel.write(part, promise: nil)
    }

    func flush() {
        self.channel.flush()
    }

    func close() {
        self.handler.delegate = nil
        self.channel.close(promise: nil)
    }
}

/// Identifies an upstream endpoint in the pools (upstreams are re-resolved on every reload, so the key is
/// the address, not the name).
struct UpstreamKey: Hashable, Sendable {
    let host: String
    let port: Int
}

extension UpstreamKey {
    /// The pool key of `upstream`'s address.
    init(_ upstream: Upstream) {
        self.init(host: upstream.host, port: upstream.port)
    }
}
