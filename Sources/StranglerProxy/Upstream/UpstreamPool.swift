import NIOCore
import NIOHTTP1
import NIOPosix

/// Idle keep-alive connections to upstreams, one pool per event loop.
///
/// A client connection and the upstream connections it uses live on the same event loop, so leasing,
/// forwarding and returning never cross threads and need no locks.
///
/// Idle connections expire without a timer each: a connection returned to the pool notes its idle deadline,
/// and one sweep per pool, armed only while connections idle, closes the expired ones. A scheduled task per
/// return (and its cancellation at the next lease) cost an allocation, a lock and a heap search on every
/// proxied request and every shadow copy.
final class UpstreamPool {
    private let eventLoop: any EventLoop
    private let maxIdlePerUpstream: Int
    /// Per upstream, oldest return first: leases take the most recently used.
    private var idle: [UpstreamKey: [UpstreamConnection]] = [:]
    private var sweep: Scheduled<Void>?

    init(eventLoop: any EventLoop, maxIdlePerUpstream: Int = 128) {
        self.eventLoop = eventLoop
        self.maxIdlePerUpstream = maxIdlePerUpstream
    }

    /// An idle connection to `key`, most recently used first, or `nil`.
    func lease(_ key: UpstreamKey, now: NIODeadline = .now()) -> UpstreamConnection? {
        self.eventLoop.preconditionInEventLoop()
        while let connection = self.idle[key]?.popLast() {
            connection.handler.onClose = nil
            if connection.channel.isActive && connection.idleDeadline > now { return connection }
            connection.close()
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

    /// Takes a connection back after a complete exchange; closes it when it cannot be reused, and after
    /// `idleTimeout` unused.
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
        connection.idleDeadline = .now() + idleTimeout
        self.idle[connection.key, default: []].append(connection)
        if self.sweep == nil { self.armSweep(at: connection.idleDeadline) }
    }

    private func forget(_ connection: UpstreamConnection) {
        self.idle[connection.key]?.removeAll { $0 === connection }
    }

    /// Closes the connections whose idle deadline passed, then waits for the earliest of the others.
    private func armSweep(at deadline: NIODeadline) {
        self.sweep = self.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.sweep = nil
            let now = NIODeadline.now()
            var next: NIODeadline?
            for key in Array(self.idle.keys) {
                var expired: [UpstreamConnection] = []
                self.idle[key]?.removeAll { connection in
                    if connection.idleDeadline <= now {
                        expired.append(connection)
                        return true
                    }
                    next = min(next ?? connection.idleDeadline, connection.idleDeadline)
                    return false
                }
                if self.idle[key]?.isEmpty == true { self.idle[key] = nil }
                for connection in expired {
                    connection.handler.onClose = nil
                    connection.close()
                }
            }
            if let next { self.armSweep(at: next) }
        }
    }

    /// Closes every idle connection (shutdown).
    func closeAll() {
        self.sweep?.cancel()
        self.sweep = nil
        let all = self.idle.values.flatMap { $0 }
        self.idle.removeAll()
        for connection in all {
            connection.handler.onClose = nil
            connection.close()
        }
    }
}
