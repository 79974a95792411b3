import CSystemShims
import NIOCore

/// The event loops that serve users ask the kernel for a short scheduler slice. On a shared core the proxy's
/// loop competes with threads that do bursts of work: the shadow lane, the comparison worker, an upstream on
/// the same machine. With the default slice (1.4 ms on 2 cores) a loop woken by a user's bytes can
/// wait for such a thread to use up its slice; with a shorter slice than theirs it preempts them when it
/// wakes. Linux 6.12+ (EEVDF custom slices); older kernels ignore the request.
enum UserLoopScheduling {
    /// 0.1 ms, the shortest slice the kernel grants.
    static let slice: UInt64 = 100_000

    static func requestShortSlice(on loop: any EventLoop) {
        loop.execute { _ = strangler_request_scheduler_slice(slice) }
    }
}
