import NIOCore
import NIOHTTP1
import NIOPosix

/// Idle keep-alive connections to upstreams, one pool per event loop.
///
/// A client connection and the upstream connections it uses live on the same event loop, so leasing,
/// forwarding and returning never cross threads and need no locks.
final class UpstreamPool {
    private let eventLoop: any EventLoop
    private let maxIdlePerUpstream: Int
    private var idle: [UpstreamKey: [UpstreamConnection]] = [:]

    init(eventLoop: any EventLoop, maxIdlePerUpstream: Int = 128) {
        self.eventLoop = eventLoop
        self.maxIdlePerUpstream = maxIdlePerUpstream
    }

    /// An idle connection to `key`, most recently used first, or `nil`.
    func lease(_ key: UpstreamKey) -> UpstreamConnection? {
        self.eventLoop.preconditionInEventLoop()
        while let connection = self.idle[key]?.popLast() {
            connection.idleTimer?.cancel()
            connection.idleTimer = nil
            if connection.channel.isActive { return connection }
        }
        return nil
    }

    /// Opens a new connection to `key`.
    func connect(_ key: UpstreamKey, timeout: TimeAmount) -> EventLoopFuture<UpstreamConnection> {
        let bootstrap = ClientBootstrap(group: self.eventLoop)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // The decoder must follow the encoder: it watches outgoing heads to frame HEAD answers.
                    // Interim answers (100 Continue) are forwarded, so the client sees them.
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(HTTPRequestEncoder())
                    try sync.addHandler(
                        ByteToMessageHandler(HTTPResponseDecoder(informationalResponseStrategy: .forward))
                    )
                    try sync.addHandler(UpstreamHandler())
                }
            }
        return bootstrap.connect(host: key.host, port: key.port).flatMapThrowing { channel in
            let handler = try channel.pipeline.syncOperations.handler(type: UpstreamHandler.self)
            return UpstreamConnection(channel: channel, handler: handler, key: key)
        }
    }

    /// Takes a connection back after a complete exchange; closes it when it cannot be reused.
    func release(_ connection: UpstreamConnection, reusable: Bool, idleTimeout: TimeAmount) {
        self.eventLoop.preconditionInEventLoop()
        connection.handler.delegate = nil
        connection.handler.resumeReads()
        guard reusable, connection.channel.isActive,
            self.idle[connection.key, default: []].count < self.maxIdlePerUpstream
        else {
            connection.close()
            return
        }
        connection.handler.onClose = { [unowned self, unowned connection] in
            self.forget(connection)
        }
        connection.idleTimer = self.eventLoop.assumeIsolated().scheduleTask(in: idleTimeout) {
            connection.close()
        }
        self.idle[connection.key, default: []].append(connection)
    }

    private func forget(_ connection: UpstreamConnection) {
        connection.idleTimer?.cancel()
        connection.idleTimer = nil
        self.idle[connection.key]?.removeAll { $0 === connection }
    }

    /// Closes every idle connection (shutdown).
    func closeAll() {
        let all = self.idle.values.flatMap { $0 }
        self.idle.removeAll()
        for connection in all { connection.close() }
    }
}
