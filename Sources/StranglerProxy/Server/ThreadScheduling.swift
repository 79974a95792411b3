import CSystemShims
import NIOCore

/// How the proxy's threads share a core. The event loops that serve users ask the kernel for a short
/// scheduler slice; the threads that only do shadow work (the lane that sends the copies, the comparison
/// worker) take the lowest CPU weight. On a shared core the loops compete with those threads and with
/// an upstream on the same machine: with the default slice (1.4 ms on 2 cores) a loop woken by a user's
/// bytes can wait for such a thread to use up its slice; with a shorter slice it preempts them when it
/// wakes, and at the lowest weight the shadow threads run on the time the users leave over instead of
/// taking a fair share of it. Linux (custom slices from 6.12, EEVDF); elsewhere these calls do nothing.
enum ThreadScheduling {
    /// 0.1 ms, the shortest slice the kernel grants.
    static let userSlice: UInt64 = 100_000

    /// For a loop that serves users.
    static func requestShortSlice(on loop: any EventLoop) {
        loop.execute { _ = strangler_request_scheduler_slice(userSlice) }
    }

    /// For a loop that only carries shadow work.
    static func yieldToUsers(on loop: any EventLoop) {
        loop.execute { _ = strangler_yield_thread_to_users() }
    }
}
