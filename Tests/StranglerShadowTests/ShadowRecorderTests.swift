import Foundation
import GRDB
import Logging
import StranglerCore
import Testing

@testable import StranglerShadow

/// The non-blocking queue, the worker, and storage failures.
struct ShadowRecorderTests {
    @Test func comparesAndStoresOfferedSamples() async throws {
        try await withTemporaryStore { store in
            let counters = try await withRunningRecorder(store: store) { recorder in
                for index in 0..<10 {
                    let new = response(index < 3 ? #"{"a":2}"# : #"{"a":1}"#)
                    #expect(recorder.offer(sample("r\(index)", legacy: response(#"{"a":1}"#), new: new)))
                }
                await recorder.flush()
                return recorder.counters
            }
            #expect(counters.offered == 10)
            #expect(counters.compared == 10)
            #expect(counters.stored == 10)
            #expect(counters.dropped == 0)
            let report = try #require(try ShadowReport.make(store: store, thresholds: { _ in VerdictSettings() }).first)
            #expect(report.samples == 10)
            #expect(report.mismatched == 3)
            #expect(report.mismatches.map(\.path) == ["$.a"])
            #expect(report.mismatches.first?.count == 3)
        }
    }

    @Test func resultsOlderThanTheRetentionAreDeleted() async throws {
        try await withTemporaryStore { store in
            let comparator = ResponseComparator(settings: CompareSettings())
            let old = Date().addingTimeInterval(-8 * 24 * 3600)
            try store.write([
                comparator.compare(sample("old", legacy: response(#"{"a":1}"#), new: response(#"{"a":2}"#), at: old)),
                comparator.compare(sample("recent", legacy: response(#"{"a":1}"#), new: response(#"{"a":2}"#))),
            ])
            #expect(try store.prune(before: Date().addingTimeInterval(-7 * 24 * 3600)) == 1)
            let report = try #require(
                try ShadowReport.make(store: store, feature: "feed", thresholds: { _ in VerdictSettings() }).first
            )
            #expect(report.samples == 1)
            #expect(report.mismatches.first?.exampleRequestID == "recent")
        }
    }

    @Test func fullQueueDropsAndCounts() async throws {
        try await withTemporaryStore { store in
            let recorder = ShadowRecorder(
                store: store,
                rulesProvider: { _ in ShadowSettings() },
                queueCapacity: 2,
                logger: Logger(label: "test")
            )
            let accepted = (0..<3).map { recorder.offer(sample("r\($0)", legacy: response("{}"), new: response("{}"))) }
            #expect(accepted == [true, true, false])
            #expect(recorder.counters.dropped == 1)
            #expect(recorder.counters.queueDepth == 2)
            let worker = Task { try await recorder.run() }
            await recorder.flush()
            worker.cancel()
            try await worker.value
            #expect(recorder.counters.stored == 2)
            #expect(recorder.offer(sample("late", legacy: response("{}"), new: response("{}"))) == false)
            let report = try #require(try ShadowReport.make(store: store, thresholds: { _ in VerdictSettings() }).first)
            #expect(report.samples == 2)
            #expect(report.skipped[SkipReason.queueFull.rawValue] == 1)
        }
    }

    @Test func submitWaitsForRoomInsteadOfDropping() async throws {
        try await withTemporaryStore { store in
            let recorder = ShadowRecorder(
                store: store,
                rulesProvider: { _ in ShadowSettings() },
                queueCapacity: 1,
                logger: Logger(label: "test")
            )
            #expect(await recorder.submit(sample("r0", legacy: response("{}"), new: response("{}"))))
            let second = Task { await recorder.submit(sample("r1", legacy: response("{}"), new: response("{}"))) }
            #expect(recorder.counters.offered == 1)
            let worker = Task { try await recorder.run() }
            #expect(await second.value)
            await recorder.flush()
            worker.cancel()
            try await worker.value
            #expect(recorder.counters.stored == 2)
            #expect(recorder.counters.dropped == 0)
        }
    }

    @Test func failingStoreDropsRowsAndCountsThem() async throws {
        try await withTemporaryStore { store in
            try await store.pool.write { db in try db.execute(sql: "DROP TABLE difference") }
            let counters = try await withRunningRecorder(store: store) { recorder in
                for index in 0..<5 {
                    #expect(recorder.offer(sample("r\(index)", legacy: response("{}"), new: response("{}"))))
                }
                await recorder.flush()
                return recorder.counters
            }
            #expect(counters.compared == 5)
            #expect(counters.stored == 0)
            #expect(counters.storeFailures == 5)
        }
    }

    @Test func featuresMissingFromTheRouteTableAreSkipped() async throws {
        try await withTemporaryStore { store in
            try await withRunningRecorder(store: store) { recorder in
                recorder.offer(sample("r", feature: "gone", legacy: response("{}"), new: response("{}")))
                recorder.countSkip(feature: "feed", reason: .bodyTooLarge, count: 2)
                await recorder.flush()
            }
            let reports = try ShadowReport.make(store: store, thresholds: { _ in VerdictSettings() })
            #expect(reports.map(\.feature) == ["feed", "gone"])
            #expect(reports[0].skipped == [SkipReason.bodyTooLarge.rawValue: 2])
            #expect(reports[1].skipped == [SkipReason.unknownFeature.rawValue: 1])
            #expect(reports[1].samples == 0)
        }
    }
}
