import Synchronization

/// The recorder's running totals since it was created, for `/metrics` and `/admin/status`.
public struct ShadowCounters: Sendable, Equatable, Codable {
    /// Samples accepted into the queue.
    public var offered: Int
    /// Samples and noise samples refused because the queue was full (or the recorder stopped).
    public var dropped: Int
    /// Requests counted through `countSkip`.
    public var skipped: Int
    /// Samples compared.
    public var compared: Int
    /// Noise samples compared.
    public var noiseCompared: Int
    /// Comparison rows written to the store.
    public var stored: Int
    /// Comparison rows lost because the store failed.
    public var storeFailures: Int
    /// Items waiting in the queue now.
    public var queueDepth: Int
}

/// Lock-free counters behind `ShadowCounters`.
final class AtomicShadowCounters: Sendable {
    let offered = Atomic<Int>(0)
    let dropped = Atomic<Int>(0)
    let skipped = Atomic<Int>(0)
    let compared = Atomic<Int>(0)
    let noiseCompared = Atomic<Int>(0)
    let stored = Atomic<Int>(0)
    let storeFailures = Atomic<Int>(0)

    func snapshot(queueDepth: Int) -> ShadowCounters {
        ShadowCounters(
            offered: offered.load(ordering: .relaxed),
            dropped: dropped.load(ordering: .relaxed),
            skipped: skipped.load(ordering: .relaxed),
            compared: compared.load(ordering: .relaxed),
            noiseCompared: noiseCompared.load(ordering: .relaxed),
            stored: stored.load(ordering: .relaxed),
            storeFailures: storeFailures.load(ordering: .relaxed),
            queueDepth: queueDepth
        )
    }
}

extension Atomic where Value == Int {
    /// Adds `amount` (relaxed: these are statistics).
    func add(_ amount: Int) {
        wrappingAdd(amount, ordering: .relaxed)
    }
}
