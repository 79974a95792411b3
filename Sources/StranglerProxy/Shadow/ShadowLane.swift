import NIOCore
import NIOPosix
import Synchronization

/// The event loop that carries the shadow copies: their connections, sends, answers and timeouts run on a
/// thread of their own, so a burst of shadow answers (a slow new side answering hundreds of copies at once)
/// never queues in front of a user's request on the proxy's event loops. A user's loop only hands a finished
/// copy over; the answers are paired here (``ShadowPair``). The thread keeps the normal CPU weight: at the
/// lowest one a saturated proxy starved it, and copies timed out and were counted against the new side.
final class ShadowLane: @unchecked Sendable {  // `pool` is only touched on `loop`.
    private let group: MultiThreadedEventLoopGroup
    let loop: any EventLoop
    /// Connections to the shadow sides, confined to `loop`.
    let pool: UpstreamPool
    /// Which shadow sides are down, as the copies sent to them found.
    let breaker = ShadowBreaker()
    private let closed = Atomic<Bool>(false)

    /// Whether the lane stopped taking copies (the proxy is shutting down).
    var isClosed: Bool { self.closed.load(ordering: .acquiring) }

    init() {
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.loop = self.group.next()
        self.pool = UpstreamPool(eventLoop: self.loop)
    }

    /// Closes the idle shadow connections and stops the thread (copies still in flight are dropped).
    func shutdown() async {
        self.closed.store(true, ordering: .releasing)
        try? await self.loop.submit { self.pool.closeAll() }.get()
        try? await self.group.shutdownGracefully()
    }
}
