import Foundation
import NIOConcurrencyHelpers

final class LockedFlag: Sendable {
    private let box = NIOLockedValueBox(false)
    var value: Bool { self.box.withLockedValue { $0 } }
    func set() { self.box.withLockedValue { $0 = true } }
}

final class LockedCounts: Sendable {
    private let box = NIOLockedValueBox((ok: 0, failed: 0))
    func record(ok: Bool) { self.box.withLockedValue { ok ? ($0.ok += 1) : ($0.failed += 1) } }
    var succeeded: Int { self.box.withLockedValue { $0.ok } }
    var failed: Int { self.box.withLockedValue { $0.failed } }
}

/// Blocking work on its own thread, awaited like a task (the tests' HTTP client is blocking).
struct BlockingThread {
    let task: Task<Void, Never>
    var value: Void { get async { await self.task.value } }

    static func detached(_ body: @escaping @Sendable () -> Void) -> BlockingThread {
        BlockingThread(
            task: Task.detached {
                await withCheckedContinuation { continuation in
                    Foundation.Thread {
                        body()
                        continuation.resume()
                    }.start()
                }
            }
        )
    }
}
