import Foundation
import StranglerCore
import StranglerShadow
import Synchronization

/// Asks both sides of a differing read again once `compare.settle` has passed, and offers the settled sample
/// back to the recorder (which may ask again, up to `SettleRequest.maxRechecks` times): for eventually-consistent answers (a read model that lags its events, a job that
/// finishes at its own pace), whose first answers differ only because they were asked at the same instant.
///
/// Re-checks are reads with `X-Strangler-Shadow: 1`, sent on connections of their own, never on the user's
/// path. At most `limit` wait at once; beyond that the recorder keeps the first answers.
public final class ShadowSettler: ShadowRechecker {
    private let client: ReplayClient
    private let recorder: ShadowRecorder
    private let limit: Int
    private let pending = Atomic<Int>(0)

    /// Creates a settler that sends with `client` and offers results to `recorder`.
    public init(client: ReplayClient, recorder: ShadowRecorder, limit: Int = 256) {
        self.client = client
        self.recorder = recorder
        self.limit = limit
    }

    /// Schedules the re-check; `false` when `limit` re-checks are already waiting.
    public func recheck(_ sample: ShadowSample, after delay: Duration) -> Bool {
        guard let request = sample.settle else { return false }
        guard pending.wrappingAdd(1, ordering: .relaxed).newValue <= limit else {
            pending.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        Task { [client, recorder] in
            defer { self.pending.wrappingSubtract(1, ordering: .relaxed) }
            try? await Task.sleep(for: delay)
            async let legacy = client.send(Self.captured(request, target: request.legacyTarget), to: request.legacy)
            async let new = client.send(Self.captured(request, target: request.newTarget), to: request.new)
            recorder.offer(sample.settled(legacy: await legacy, new: await new))
        }
        return true
    }

    private static func captured(_ request: SettleRequest, target: String) -> CapturedRequest {
        CapturedRequest(
            at: Date(),
            requestID: "",
            feature: "",
            method: request.method,
            target: target,
            headers: request.headers.map { [$0.0, $0.1] },
            bodyBase64: nil,
            bodyOmitted: false,
            legacyStatus: 0,
            newStatus: 0
        )
    }
}
