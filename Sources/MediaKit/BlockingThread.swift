import CFFmpeg
import Foundation
import Glibc
import Synchronization

/// How media threads are scheduled against the rest of the process.
public enum MediaThreads {
    static let niceIncrement = Atomic<Int32>(0)

    /// Runs every media thread started from now on `increment` nice levels below the process (e.g. 10), so
    /// that a service's request handling stays responsive while its background transcodes use every core.
    /// Default 0: media threads run at the process's priority (the CLI and benchmarks).
    public static func lowerPriority(by increment: Int32) {
        niceIncrement.store(max(0, min(19, increment)), ordering: .relaxed)
    }
}

/// Runs blocking libav work on dedicated threads, never on Swift's cooperative pool or an event loop.
package enum BlockingThread {
    /// Stack size for media threads (x264 and the decoders use a fair amount).
    static let stackSize = 16 << 20

    /// Runs `body` on a new thread and returns its result to the awaiting task.
    package static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            start(name: name) {
                continuation.resume(with: Result { try body() })
            }
        }
    }

    /// Starts `body` on a new detached POSIX thread (`name` labels it for debugging).
    ///
    /// A plain pthread that takes the process's nice value (Linux keeps one per thread, and threads
    /// started from Swift's pool would otherwise get the pool's), so `nice` applies to the media work.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let work = Unmanaged.passRetained(Work(name: name, body: body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let created = pthread_create(
            &thread,
            &attributes,
            { raw in
                let work = Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue()
                // Take the process's (main thread's) nice value, not the creating pool thread's, lowered by
                // `MediaThreads.lowerPriority(by:)` when a service asked for it.
                errno = 0
                let nice = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(getpid()))
                if errno == 0 {
                    let lowered = min(19, nice + MediaThreads.niceIncrement.load(ordering: .relaxed))
                    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, lowered)
                }
                work.body()
                return nil
            },
            work
        )
        if created != 0 {
            // Out of threads: run it on a Foundation thread rather than not at all.
            let work = Unmanaged<Work>.fromOpaque(work).takeRetainedValue()
            let fallback = Thread(block: work.body)
            fallback.stackSize = stackSize
            fallback.start()
        }
    }

    private final class Work: Sendable {
        let name: String
        let body: @Sendable () -> Void

        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
}

/// A flag that a task sets and worker threads poll to stop early.
public final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    private let parent: CancelFlag?

    /// Creates an unset flag; it also reads as set once `parent` is.
    public init(parent: CancelFlag? = nil) {
        self.parent = parent
    }

    /// Asks the work to stop.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Whether the work was asked to stop.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) || parent?.isCancelled == true }

    /// Throws ``MediaError`` `cancelled` once cancelled.
    func check() throws {
        if isCancelled { throw MediaError.cancelled }
    }
}
