import NIOCore
import StranglerShadow
import Synchronization

/// Stops mirroring to a shadow side that is down, for a moment at a time.
///
/// A side that refuses connections or resets them answers each copy in microseconds, so every request
/// would cost the proxy a connection attempt for nothing: at 4000 requests a second that took about 40% of
/// the core the proxy's event loop shares (measured here), and the user's p99 tripled. After `threshold` copies in a row fail that way, the side is
/// paused for `pause`: copies meant for it are not made, and are counted (`shadowDown`). When the pause
/// ends copies flow again; one more failure pauses the side again, any answer (whatever its status)
/// clears it. A copy that times out says nothing about this (a slow side is bounded by the in-flight
/// limit instead). Shared by the user's event loops, which ask, and the shadow lane, which records.
final class ShadowBreaker: Sendable {
    private struct Health {
        var failures = 0
        var pausedUntil: NIODeadline?
    }

    private let sides = Mutex<[UpstreamKey: Health]>([:])
    let threshold: Int
    let pause: TimeAmount

    init(threshold: Int = 5, pause: TimeAmount = .seconds(1)) {
        self.threshold = threshold
        self.pause = pause
    }

    /// Whether copies to `side` are paused now.
    func isPaused(_ side: UpstreamKey) -> Bool {
        self.sides.withLock { sides in
            guard let until = sides[side]?.pausedUntil else { return false }
            return NIODeadline.now() < until
        }
    }

    /// Records how a copy sent to `side` ended.
    func record(_ side: UpstreamKey, _ response: CapturedResponse) {
        switch response.failure {
        case .timeout:
            return
        case .connect, .reset:
            self.sides.withLock { sides in
                var health = sides[side, default: Health()]
                health.failures += 1
                if health.failures >= self.threshold { health.pausedUntil = .now() + self.pause }
                sides[side] = health
            }
        case nil:
            self.sides.withLock { sides in
                if sides[side] != nil { sides[side] = nil }
            }
        }
    }
}
