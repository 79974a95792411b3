import Foundation
import Logging
import StranglerCore
import Synchronization

/// The recorder's worker: takes batches off the queue, compares them and writes them. Runs on its own thread;
/// its state (the compiled rules per feature) is confined to that thread.
struct ShadowWorker {
    let recorder: ShadowRecorder
    var comparators: [String: ResponseComparator] = [:]
    var failing = false
    /// When results older than the retention were last deleted (`nil`: not yet, so at the first wake-up).
    var lastPrune: ContinuousClock.Instant?

    init(recorder: ShadowRecorder) {
        self.recorder = recorder
    }

    mutating func loop() {
        // An idle wake-up writes counters (skips, drops) even when no sample arrives.
        while let batch = recorder.queue.take(max: recorder.maxBatch, idle: 1, linger: recorder.linger) {
            process(batch)
            pruneIfDue()
        }
        process([])
    }

    /// `feature`'s current shadow settings and the comparator for its rules, or `nil` when the feature is gone.
    mutating func comparator(for feature: String) -> (ShadowSettings, ResponseComparator)? {
        guard let settings = recorder.rulesProvider(feature) else { return nil }
        if let cached = comparators[feature], cached.settings == settings.compare { return (settings, cached) }
        let made = ResponseComparator(settings: settings.compare, maxDifferences: recorder.maxDifferences)
        comparators[feature] = made
        return (settings, made)
    }

    /// Hands a differing read to the rechecker when its feature settles (`compare.settle`) and it has not been
    /// asked `SettleRequest.maxRechecks` times yet; `true` when the sample comes back later and is not recorded
    /// now.
    func deferredToSettle(_ sample: ShadowSample, _ record: ComparisonRecord, _ settings: ShadowSettings) -> Bool {
        guard record.outcome == .mismatch, sample.rechecks < SettleRequest.maxRechecks, sample.settle != nil,
            let delay = settings.compare.settle,
            let rechecker = recorder.rechecker.withLock({ $0 })
        else { return false }
        return rechecker.recheck(sample, after: delay)
    }

    mutating func process(_ batch: [SampleQueue.Item]) {
        var records: [ComparisonRecord] = []
        var noise: [ShadowStore.NoiseObservation] = []
        var flushes: [CheckedContinuation<Void, Never>] = []
        for item in batch {
            switch item {
            case .sample(let sample):
                guard let (settings, comparator) = comparator(for: sample.feature) else {
                    recorder.countSkip(feature: sample.feature, reason: .unknownFeature)
                    continue
                }
                let record = comparator.compare(sample)
                if deferredToSettle(sample, record, settings) { continue }
                if sample.settled, record.outcome == .match {
                    recorder.count(feature: sample.feature, name: ShadowStore.settledCounter, amount: 1)
                }
                recorder.identities.learn(from: sample, rules: settings.ids)
                records.append(record)
            case .noise(let sample):
                guard let (_, comparator) = comparator(for: sample.feature) else { continue }
                let paths = comparator.noisePaths(sample)
                noise.append(.init(feature: sample.feature, paths: paths, requestID: sample.requestID, at: Date()))
                recorder.count(feature: sample.feature, name: ShadowStore.noiseSamplesCounter, amount: 1)
            case .flush(let continuation):
                flushes.append(continuation)
            }
        }
        recorder.totals.compared.add(records.count)
        recorder.totals.noiseCompared.add(noise.count)
        write(records, noise)
        for flush in flushes { flush.resume() }
    }

    /// Deletes results older than the retention, at most once an hour. A failure is logged and retried
    /// at the next hour; it never stops the worker.
    mutating func pruneIfDue() {
        let now = ContinuousClock.now
        if let lastPrune, now - lastPrune < .seconds(3600) { return }
        lastPrune = now
        let cutoff = Date().addingTimeInterval(-Double(recorder.retention.components.seconds))
        do {
            let deleted = try recorder.store.prune(before: cutoff)
            if deleted > 0 {
                recorder.logger.info(
                    "shadow results older than the retention deleted",
                    metadata: ["rows": "\(deleted)"]
                )
            }
        } catch {
            recorder.logger.warning("could not delete old shadow results", metadata: ["error": "\(error)"])
        }
    }

    mutating func write(_ records: [ComparisonRecord], _ noise: [ShadowStore.NoiseObservation]) {
        let pending = recorder.pendingCounters.withLock { counters in
            defer { counters = [:] }
            return counters
        }
        guard !records.isEmpty || !noise.isEmpty || !pending.isEmpty else { return }
        let deltas = pending.map {
            ShadowStore.CounterDelta(feature: $0.feature, name: $0.name, minute: $0.minute, count: $1)
        }
        do {
            try recorder.store.write(records, noise: noise, counters: deltas)
            recorder.totals.stored.add(records.count)
            if failing {
                failing = false
                recorder.logger.notice(
                    "shadow results store writable again",
                    metadata: ["path": "\(recorder.store.path)"]
                )
            }
        } catch {
            recorder.totals.storeFailures.add(records.count)
            // Keep the counters for the next batch, and count the lost rows per feature.
            recorder.pendingCounters.withLock { counters in
                for (key, amount) in pending { counters[key, default: 0] += amount }
            }
            for record in records {
                recorder.count(feature: record.feature, name: SkipReason.storeFailed.rawValue, amount: 1)
            }
            if !failing {
                failing = true
                recorder.logger.error(
                    "shadow results store failed; dropping results until it recovers",
                    metadata: ["path": "\(recorder.store.path)", "error": "\(error)", "rows": "\(records.count)"]
                )
            }
        }
    }
}
