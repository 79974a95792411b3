import Foundation
import Logging
import StranglerCore
import Testing

@testable import StranglerShadow

/// A results store in a fresh temporary folder, removed afterwards.
func withTemporaryStore<T>(_ body: (ShadowStore) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shadow-tests-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try ShadowStore(path: folder.appendingPathComponent("state/shadow.sqlite").path)
    return try await body(store)
}

/// A JSON response.
func response(_ json: String, status: Int = 200, ms: Double = 10) -> CapturedResponse {
    CapturedResponse(
        status: status,
        headers: [("Content-Type", "application/json")],
        body: Array(json.utf8),
        latency: .microseconds(Int64(ms * 1000))
    )
}

/// A sample of feature `feature` with the given answers.
func sample(
    _ id: String,
    feature: String = "feed",
    legacy: CapturedResponse,
    new: CapturedResponse,
    at: Date = Date()
) -> ShadowSample {
    ShadowSample(
        requestID: id,
        feature: feature,
        method: "GET",
        path: "/api/feed",
        primarySide: .legacy,
        legacy: legacy,
        new: new,
        at: at
    )
}

/// A recorder over `store` whose worker runs for the duration of `body`.
func withRunningRecorder<T: Sendable>(
    store: ShadowStore,
    rules: CompareSettings = CompareSettings(),
    ids: [ShadowIDRule] = [],
    queueCapacity: Int = 4096,
    _ body: (ShadowRecorder) async throws -> T
) async throws -> T {
    let recorder = ShadowRecorder(
        store: store,
        rulesProvider: { $0 == "gone" ? nil : ShadowSettings(compare: rules, ids: ids) },
        queueCapacity: queueCapacity,
        logger: Logger(label: "shadow-tests")
    )
    let worker = Task { try await recorder.run() }
    defer { worker.cancel() }
    let result = try await body(recorder)
    worker.cancel()
    try await worker.value
    return result
}
