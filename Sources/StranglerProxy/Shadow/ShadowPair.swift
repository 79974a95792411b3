import StranglerCore
import StranglerShadow
import Synchronization

/// The answers to one mirrored request, brought together on whichever thread brings the last one: the
/// user's event loop (the primary's answer) or the shadow lane (the copy's and the noise request's). The
/// finished pair goes to the recorder from that thread, so a shadow answer never wakes the user's loop.
/// Exactly one of `finish` and `abandon` takes effect, and it gives the shadow's place back.
final class ShadowPair: Sendable {
    /// What the sample says about the request, fixed when the tee is made.
    struct Request: Sendable {
        let requestID: String
        let feature: String
        let method: String
        let path: String
        let primarySide: Side
        let settle: SettleRequest?
    }

    private struct Answers {
        var primary: CapturedResponse?
        var shadow: CapturedResponse?
        var noise: CapturedResponse?
        var noiseSent = false
        /// The capture record, statuses still to fill in, when this request is captured.
        var capture: CapturedRequest?
        var closed = false
    }

    /// The answers of a finished pair, as handed on.
    private struct Complete {
        let primary: CapturedResponse
        let shadow: CapturedResponse
        let noise: CapturedResponse?
        let capture: CapturedRequest?
    }

    let request: Request
    private let recorder: ShadowRecorder
    private let captures: CaptureWriter?
    private let flights: ShadowFlights
    private let admission: ShadowFlights.Admission
    private let answers = Mutex(Answers())

    init(
        request: Request,
        recorder: ShadowRecorder,
        captures: CaptureWriter?,
        flights: ShadowFlights,
        admission: ShadowFlights.Admission
    ) {
        self.admission = admission
        self.request = request
        self.recorder = recorder
        self.captures = captures
        self.flights = flights
    }

    /// Before the copies leave: whether a noise request goes too, and the capture record when captured.
    func sending(noise: Bool, capture: CapturedRequest?) {
        self.answers.withLock {
            $0.noiseSent = noise
            $0.capture = capture
        }
    }

    func primaryAnswered(_ response: CapturedResponse) {
        self.settle { $0.primary = response }
    }

    func shadowAnswered(_ response: CapturedResponse) {
        self.settle { $0.shadow = response }
    }

    func noiseAnswered(_ response: CapturedResponse) {
        self.settle { $0.noise = response }
    }

    /// Gives up on the pair, counting why; `false` when it was already finished or abandoned.
    @discardableResult
    func abandon(_ reason: SkipReason) -> Bool {
        let first = self.answers.withLock { answers in
            defer { answers.closed = true }
            return !answers.closed
        }
        guard first else { return false }
        self.recorder.countSkip(feature: self.request.feature, reason: reason)
        self.flights.release(self.admission)
        return true
    }

    /// Records an answer; the thread that completes the pair hands it on, outside the lock.
    private func settle(_ record: (inout Answers) -> Void) {
        let complete = self.answers.withLock { answers -> Complete? in
            guard !answers.closed else { return nil }
            record(&answers)
            guard let primary = answers.primary, let shadow = answers.shadow, !answers.noiseSent || answers.noise != nil
            else { return nil }
            answers.closed = true
            return Complete(primary: primary, shadow: shadow, noise: answers.noise, capture: answers.capture)
        }
        if let complete { self.finish(complete) }
    }

    private func finish(_ answers: Complete) {
        let (primary, shadow) = (answers.primary, answers.shadow)
        let request = self.request
        let (legacy, new) = request.primarySide == .legacy ? (primary, shadow) : (shadow, primary)
        self.recorder.offer(
            ShadowSample(
                requestID: request.requestID,
                feature: request.feature,
                method: request.method,
                path: request.path,
                primarySide: request.primarySide,
                legacy: legacy,
                new: new,
                settle: request.settle
            )
        )
        if var capture = answers.capture, let captures = self.captures {
            capture.legacyStatus = legacy.status
            capture.newStatus = new.status
            captures.append(capture)
        }
        if let noise = answers.noise {
            self.recorder.offerNoise(
                NoiseSample(
                    feature: request.feature,
                    requestID: request.requestID,
                    path: request.path,
                    first: primary,
                    second: noise
                )
            )
        }
        self.flights.release(self.admission)
    }
}
