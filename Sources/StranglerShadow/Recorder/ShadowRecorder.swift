import CSystemShims
import Foundation
import Logging
import StranglerCore
import Synchronization

/// Takes captured sample pairs from the proxy without ever making it wait, and compares and stores them on a
/// worker thread of its own.
///
/// The proxy holds one recorder. On an event loop it calls `offer(_:)`, `offerNoise(_:)` and `countSkip`: each
/// takes a short lock and returns; a full queue drops the sample and counts it. `run()` is the worker (use it
/// as a swift-service-lifecycle `Service`): it compares in batches on a dedicated thread at the lowest CPU
/// weight (CPU work stays off the event loops and off the small cooperative pool, and gives way to them) and
/// writes each batch in one SQLite transaction. When the store is slow the queue fills and samples are
/// dropped; when it fails the batch is dropped; both are counted, and traffic is untouched.
public final class ShadowRecorder: Sendable {
    let store: ShadowStore
    let rulesProvider: @Sendable (String) -> ShadowSettings?
    /// Id pairs learned from mirrored writes (`shadow.ids`), for the proxy to translate ids with.
    public let identities: ShadowIDMap
    let rechecker = Mutex<(any ShadowRechecker)?>(nil)
    let queue: SampleQueue
    let maxBatch: Int
    let maxDifferences: Int
    /// How long the worker waits for a fuller batch once a sample is queued: results reach the store this
    /// much later, and under load one transaction carries up to `maxBatch` of them.
    let linger: TimeInterval = 0.05
    /// How long comparison rows and counters are kept; older ones are deleted about once an hour.
    let retention: Duration
    let logger: Logger
    let totals = AtomicShadowCounters()
    let pendingCounters = Mutex<[CounterKey: Int]>([:])
    let running = Atomic<Bool>(false)

    struct CounterKey: Hashable {
        var feature: String
        var name: String
        var minute: Int
    }

    /// Creates a recorder writing to `store`.
    ///
    /// - Parameters:
    ///   - rulesProvider: the `shadow` settings of a feature by name (`compare` rules, `ids`), read at comparison
    ///     time so a reloaded route table applies at once; `nil` for a feature no longer in the table (skipped,
    ///     counted).
    ///   - queueCapacity: samples waiting for the worker before new ones are dropped.
    ///   - maxBatch: most samples compared and written per transaction.
    ///   - maxDifferences: most differences kept per comparison.
    ///   - retention: how long results are kept in the store (default 7 days).
    public init(
        store: ShadowStore,
        rulesProvider: @escaping @Sendable (String) -> ShadowSettings?,
        queueCapacity: Int = 4096,
        maxBatch: Int = 256,
        maxDifferences: Int = 100,
        retention: Duration = .seconds(7 * 24 * 3600),
        logger: Logger
    ) {
        self.retention = retention
        self.store = store
        self.rulesProvider = rulesProvider
        self.identities = ShadowIDMap()
        self.queue = SampleQueue(capacity: queueCapacity)
        self.maxBatch = max(1, maxBatch)
        self.maxDifferences = maxDifferences
        self.logger = logger
    }

    /// Queues a sample for comparison. Never waits; `false` when the queue is full (the sample is dropped and
    /// counted as `queueFull` for its feature).
    @discardableResult
    public func offer(_ sample: ShadowSample) -> Bool {
        guard queue.tryEnqueue(.sample(sample)) else {
            totals.dropped.add(1)
            count(feature: sample.feature, name: SkipReason.queueFull.rawValue, amount: 1)
            return false
        }
        totals.offered.add(1)
        return true
    }

    /// Queues a noise sample (two legacy answers to one request). Never waits; `false` when dropped.
    @discardableResult
    public func offerNoise(_ sample: NoiseSample) -> Bool {
        guard queue.tryEnqueue(.noise(sample)) else {
            totals.dropped.add(1)
            return false
        }
        return true
    }

    /// Queues a sample, waiting for room instead of dropping it: for replays, which want every result and
    /// can be slowed down. `false` only when the recorder has stopped.
    public func submit(_ sample: ShadowSample) async -> Bool {
        while true {
            if queue.tryEnqueue(.sample(sample)) {
                totals.offered.add(1)
                return true
            }
            let open = await withCheckedContinuation { queue.waitForSpace($0) }
            guard open else { return false }
        }
    }

    /// Sets who asks both sides again when a read's answers differ and its feature has `compare.settle`.
    /// Without one, the first answers always decide.
    public func setRechecker(_ rechecker: any ShadowRechecker) {
        self.rechecker.withLock { $0 = rechecker }
    }

    /// Counts `count` requests of `feature` that were not compared, for the report. Never waits.
    public func countSkip(feature: String, reason: SkipReason, count: Int = 1) {
        totals.skipped.add(count)
        self.count(feature: feature, name: reason.rawValue, amount: count)
    }

    /// Returns once everything queued before the call is compared and written (or dropped by a failing store).
    public func flush() async {
        await withCheckedContinuation { continuation in
            if !queue.enqueueFlush(continuation) { continuation.resume() }
        }
    }

    /// The running totals.
    public var counters: ShadowCounters {
        totals.snapshot(queueDepth: queue.depth)
    }

    func count(feature: String, name: String, amount: Int) {
        let minute = Int(Date().timeIntervalSince1970 / 60)
        pendingCounters.withLock { $0[CounterKey(feature: feature, name: name, minute: minute), default: 0] += amount }
    }

    /// Runs the worker until the task is cancelled; then drains the queue, writes the last batch and returns.
    /// Call it once.
    public func run() async throws {
        guard running.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else {
            preconditionFailure("ShadowRecorder.run() called twice")
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                let thread = Thread { [self] in
                    // Named from inside: on Linux a name set before start() never reaches the kernel, and the
                    // kernel keeps 15 characters at most (top -H, /proc/PID/task/*/comm).
                    Thread.current.name = "shadow-compare"
                    // Comparing is background work: on a core shared with the proxy's event loops, it runs
                    // on the time they leave over.
                    _ = strangler_yield_thread_to_users()
                    var worker = ShadowWorker(recorder: self)
                    worker.loop()
                    done.resume()
                }
                thread.stackSize = 4 << 20
                thread.start()
            }
        } onCancel: {
            queue.close()
        }
    }
}
