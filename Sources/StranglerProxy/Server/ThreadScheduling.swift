import CSystemShims
import NIOCore

/// How the proxy's event loops share a core. The loops that serve users ask the kernel for a short scheduler
/// slice. On a shared core they compete with the shadow lane, the comparison worker (which runs at the lowest
/// CPU weight, see ``ShadowRecorder``) and an upstream on the same machine: with the default slice (1.4 ms
/// on 2 cores) a loop woken by a user's bytes can wait for such a thread to use up its slice; with a
/// shorter slice it preempts them when it wakes. Linux 6.12+ (EEVDF custom slices); older kernels ignore it.
enum ThreadScheduling {
    /// 0.1 ms, the shortest slice the kernel grants.
    static let userSlice: UInt64 = 100_000

    /// For a loop that serves users.
    static func requestShortSlice(on loop: any EventLoop) {
        loop.execute { _ = strangler_request_scheduler_slice(userSlice) }
    }
}
