import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import StranglerCore
import StranglerShadow

/// Mirrors one user request: keeps a copy of its body while it streams to the primary, captures the
/// primary's answer while it streams to the user, then sends the shadow (and, sometimes, a noise request to
/// legacy) from the copy. The answers meet in a ``ShadowPair``, which hands them to the recorder. The user's
/// exchange never waits on it. Confined to the user's event loop.
final class ShadowTee {
    /// What the tee needs from the proxy, fixed per connection.
    struct Context {
        let recorder: ShadowRecorder
        let captures: CaptureWriter?
        /// Where the shadow (and noise) requests are sent from.
        let lane: ShadowLane
        let flights: ShadowFlights
        let fileIO: NonBlockingFileIO
        let spoolDirectory: String
        let settings: ProxySettings
        let captureLimit: Int
        let eventLoop: any EventLoop
    }

    private let context: Context
    private let target: MirrorTarget
    /// The pool key of `target.upstream`, the side the copy goes to.
    private let side: UpstreamKey
    /// The head the shadow side gets (its own ids, `X-Strangler-Shadow: 1`, no framing headers).
    private let head: HTTPRequestHead
    let body: BodyCopy
    private var primaryCapture: ResponseCapture
    private var primaryDone = false
    private let pair: ShadowPair
    private let captureThis: Bool

    /// `nil` (nothing made) when `context.flights` admits no more shadows to the target's side now; the place
    /// taken here is given back by the pair.
    init?(
        context: Context,
        target: MirrorTarget,
        side: UpstreamKey,
        feature: String,
        requestID: String,
        primarySide: Side,
        upstreamHead: HTTPRequestHead,
        shadowTarget: String
    ) {
        guard let admission = context.flights.admit(side) else { return nil }
        self.context = context
        self.target = target
        self.side = side
        var head = upstreamHead
        head.headers.remove(name: "transfer-encoding")
        head.headers.remove(name: "content-length")
        head.headers.add(name: "x-strangler-shadow", value: "1")
        head.uri = shadowTarget
        self.head = head
        self.body = BodyCopy(
            maxBody: target.settings.maxBody,
            spoolDirectory: context.spoolDirectory,
            fileIO: context.fileIO,
            eventLoop: context.eventLoop
        )
        self.primaryCapture = ResponseCapture(limit: context.captureLimit, headers: target.settings.compare.headers)
        self.captureThis = context.captures != nil && target.captureDrawn
        let method = upstreamHead.method.rawValue
        self.pair = ShadowPair(
            request: .init(
                requestID: requestID,
                feature: feature,
                method: method,
                path: upstreamHead.uri,
                primarySide: primarySide,
                settle: Self.settleRequest(
                    target: target,
                    method: method,
                    primarySide: primarySide,
                    path: upstreamHead.uri,
                    shadowHead: head
                )
            ),
            recorder: context.recorder,
            captures: context.captures,
            flights: context.flights,
            admission: admission
        )
    }

    // MARK: Primary side

    func primaryHead(_ head: HTTPResponseHead) {
        if !self.primaryDone { self.primaryCapture.head(head) }
    }

    func primaryBody(_ buffer: ByteBuffer) {
        if !self.primaryDone { self.primaryCapture.body(buffer) }
    }

    func primaryEnded(latency: Duration) {
        guard !self.primaryDone else { return }
        self.primaryDone = true
        self.context.flights.primaryAnswered(self.side, after: latency)
        self.pair.primaryAnswered(self.primaryCapture.finished(latency: latency))
    }

    /// The primary side gave no answer (connect error, timeout, reset, 5xx that fell back to legacy).
    func primaryFailed(_ failure: CapturedResponse.Failure, latency: Duration) {
        guard !self.primaryDone else { return }
        self.primaryDone = true
        self.pair.primaryAnswered(.failed(failure, after: latency))
    }

    /// The user's exchange ended early (the client went away): there is no primary answer to compare, so
    /// the sample is skipped and counted rather than blamed on either side.
    func exchangeAborted(latency: Duration) {
        self.abandon(.clientGone)
    }

    // MARK: Shadow side

    /// The user's request body is complete: send the shadow (and noise) from the copy.
    func requestEnded() {
        self.body.finish().assumeIsolated().whenComplete { result in
            guard case .success(let source?) = result else {
                self.abandon(self.body.skipReason ?? .busy)
                return
            }
            // Shutting down: a copy whose spooled body finished after the drain is dropped and counted.
            guard !self.context.lane.isClosed else { return self.abandon(.busy) }
            var head = self.head
            head.headers.add(name: "content-length", value: String(self.body.bytes))
            let noise = self.target.noise.flatMap { noise -> Upstream? in
                guard case .memory = source else { return nil }
                return noise
            }
            self.pair.sending(noise: noise != nil, capture: self.captureThis ? self.captureRecord(source) : nil)
            let pair = self.pair
            self.send(head: head, source: source, to: self.side) { pair.shadowAnswered($0) }
            if let noise {
                head.uri = self.pair.request.path  // legacy's own target: the noise request asks legacy the same again
                self.send(head: head, source: source, to: UpstreamKey(noise)) { pair.noiseAnswered($0) }
            }
        }
    }

    /// Sends one copy from the shadow lane; its captured answer goes to the pair from the lane's thread.
    private func send(
        head: HTTPRequestHead,
        source: BodyCopy.Source,
        to side: UpstreamKey,
        answered: @escaping @Sendable (CapturedResponse) -> Void
    ) {
        let lane = self.context.lane
        // The copy changes hands: from here only the lane's thread touches the body source.
        let request = ShadowSender.Request(
            upstream: side,
            head: head,
            source: source,
            timeout: self.target.settings.timeout.timeAmount,
            connectTimeout: self.context.settings.connectTimeout.timeAmount,
            idleTimeout: self.context.settings.idleTimeout.timeAmount,
            captureLimit: self.context.captureLimit,
            capturedHeaders: self.target.settings.compare.headers
        )
        lane.loop.execute {
            ShadowSender(request: request, pool: lane.pool, eventLoop: lane.loop) { response in
                lane.breaker.record(side, response)
                answered(response)
            }.start()
        }
    }

    /// Gives up on this mirror (the copy could not be kept), counting why.
    func abandon(_ reason: MirrorSkip) {
        if self.pair.abandon(reason.recorderReason) { self.body.discard() }
    }
}

extension ShadowTee {
    /// How to ask both sides again when the feature settles differing reads (`compare.settle`).
    private static func settleRequest(
        target: MirrorTarget,
        method: String,
        primarySide: Side,
        path: String,
        shadowHead: HTTPRequestHead
    ) -> SettleRequest? {
        guard target.settings.compare.settle != nil, method == "GET" || method == "HEAD" else { return nil }
        let (legacy, new) =
            primarySide == .legacy
            ? ((target.primary, path), (target.upstream, shadowHead.uri))
            : ((target.upstream, shadowHead.uri), (target.primary, path))
        return SettleRequest(
            method: method,
            headers: shadowHead.headers.map { ($0.name, $0.value) },
            legacy: legacy.0,
            legacyTarget: legacy.1,
            new: new.0,
            newTarget: new.1
        )
    }

    /// This request's line in the feature's capture file (body inline when it stayed in memory); the
    /// statuses are filled in when both answers are in.
    private func captureRecord(_ source: BodyCopy.Source) -> CapturedRequest {
        var headers = self.head.headers
        headers.remove(name: "x-strangler-shadow")
        var body: [UInt8]?
        if case .memory(let buffers) = source {
            body = buffers.reduce(into: [UInt8]()) { $0 += $1.readableBytesView }
        }
        return CapturedRequest(
            at: Date(),
            requestID: self.pair.request.requestID,
            feature: self.pair.request.feature,
            method: self.pair.request.method,
            target: self.pair.request.path,
            headers: headers.map { [$0.name, $0.value] },
            bodyBase64: body.flatMap { $0.isEmpty ? nil : Data($0).base64EncodedString() },
            bodyOmitted: body == nil && self.body.bytes > 0,
            legacyStatus: 0,
            newStatus: 0
        )
    }
}

extension MirrorSkip {
    var recorderReason: SkipReason {
        switch self {
        case .writesSkipped: .writesSkipped
        case .sampledOut: .sampledOut
        case .bodyTooLarge: .bodyTooLarge
        case .busy: .mirrorBusy
        case .clientGone: .clientGone
        case .requestIncomplete: .requestIncomplete
        case .shadowDown: .shadowDown
        case .unmappedID: .unmappedID
        }
    }
}
