import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import StranglerCore

/// The proxy's listener: accepts client connections and wires each one to its event loop's upstream pool.
///
/// Runs as a `Service`: it serves until graceful shutdown is triggered, then stops accepting, lets every
/// in-flight request finish (keep-alive connections close after their current response) and returns.
public final class ProxyServer: Service {
    private let group: any EventLoopGroup
    private let runtime: ProxyRuntime
    private let pools: [ObjectIdentifier: UpstreamPoolBox]
    private let lane: ShadowLane?
    private let quiesce: ServerQuiescingHelper
    private let channel: any Channel

    /// The address the listener is bound to (with the real port when the route file asked for port 0).
    public var localAddress: SocketAddress? { self.channel.localAddress }

    /// Binds the listener on the route table's `listen` address.
    public static func bind(
        group: any EventLoopGroup,
        routes: RouteTableStore,
        token: AdminToken?,
        guardMonitor: GuardMonitor,
        shadow: ShadowRuntime?,
        logger: Logger
    ) async throws -> ProxyServer {
        let runtime = ProxyRuntime(
            routes: routes,
            token: token,
            guardMonitor: guardMonitor,
            shadow: shadow,
            logger: logger
        )
        var pools: [ObjectIdentifier: UpstreamPoolBox] = [:]
        for loop in group.makeIterator() {
            ThreadScheduling.requestShortSlice(on: loop)
            pools[ObjectIdentifier(loop)] = UpstreamPoolBox(
                pool: UpstreamPool(eventLoop: loop),
                flights: ShadowFlights(),
                loop: loop
            )
        }
        let lane = shadow.map { _ in ShadowLane() }
        let quiesce = ServerQuiescingHelper(group: group)
        let listen = routes.current.table.listen
        let poolsByLoop = pools
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            quiesce.makeServerChannelHandler(channel: channel)
                        )
                    }
                }
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(.maxMessagesPerRead, value: 16)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let settings = runtime.routes.current.table.proxy
                        var limits = NIOHTTPDecoderLimitConfiguration()
                        limits.maxHeaderListSize = settings.maxHeaderBytes
                        limits.maxHeaderFieldSize = settings.maxHeaderBytes
                        let sync = channel.pipeline.syncOperations
                        try sync.addHandler(IdleStateHandler(allTimeout: settings.idleTimeout.timeAmount))
                        try sync.configureHTTPServerPipeline(
                            withPipeliningAssistance: false,
                            withErrorHandling: false,
                            withOutboundHeaderValidation: false,
                            withEncoderConfiguration: .init(),
                            withDecoderLimitConfiguration: limits
                        )
                        try sync.addHandler(ProtocolErrorHandler())
                        let box = poolsByLoop[ObjectIdentifier(channel.eventLoop)]!
                        try sync.addHandler(
                            ProxyFrontHandler(runtime: runtime, pool: box.pool, flights: box.flights, lane: lane)
                        )
                    }
                }
                .bind(host: listen.host, port: listen.port)
                .get()
        } catch {
            await lane?.shutdown()  // its thread would outlive the failed bind
            throw error
        }
        logger.info("proxy listening", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
        return ProxyServer(
            group: group,
            runtime: runtime,
            pools: pools,
            lane: lane,
            quiesce: quiesce,
            channel: channel
        )
    }

    private init(
        group: any EventLoopGroup,
        runtime: ProxyRuntime,
        pools: [ObjectIdentifier: UpstreamPoolBox],
        lane: ShadowLane?,
        quiesce: ServerQuiescingHelper,
        channel: any Channel
    ) {
        self.group = group
        self.runtime = runtime
        self.pools = pools
        self.lane = lane
        self.quiesce = quiesce
        self.channel = channel
    }

    /// Serves until graceful shutdown, then drains in-flight requests.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await self.channel.closeFuture.get()
        } onGracefulShutdown: {
            self.shutdown()
        }
        try await self.drained()
    }

    /// Stops accepting; in-flight requests finish and their connections close.
    public func shutdown() {
        self.runtime.logger.info("proxy draining connections")
        self.drainPromise.withLockedValue { promise in
            if promise == nil {
                let p = self.group.any().makePromise(of: Void.self)
                self.quiesce.initiateShutdown(promise: p)
                promise = p
            }
        }
    }

    private let drainPromise = NIOLockedValueBox<EventLoopPromise<Void>?>(nil)

    private func drained() async throws {
        guard let future = self.drainPromise.withLockedValue({ $0?.futureResult }) else { return }
        try await future.get()
        for box in self.pools.values {
            try? await box.loop.submit { box.pool.closeAll() }.get()
        }
        await self.lane?.shutdown()
    }
}

/// Lets a loop-confined pool travel through `Sendable` closures; it is only touched on its loop.
private final class UpstreamPoolBox: @unchecked Sendable {
    let pool: UpstreamPool
    let flights: ShadowFlights
    let loop: any EventLoop

    init(pool: UpstreamPool, flights: ShadowFlights, loop: any EventLoop) {
        self.pool = pool
        self.flights = flights
        self.loop = loop
    }
}
