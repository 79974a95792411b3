import ServiceLifecycle
import StranglerShadow

/// Runs the shadow recorder's worker beside the proxy and flushes what it holds on shutdown.
public struct ShadowRecorderService: Service {
    private let recorder: ShadowRecorder

    public init(recorder: ShadowRecorder) {
        self.recorder = recorder
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await self.recorder.run()
        }
        await self.recorder.flush()
    }
}
