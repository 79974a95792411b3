import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import StranglerCore
import StranglerShadow

/// Mirrors one user request: keeps a copy of its body while it streams to the primary, captures the
/// primary's answer while it streams to the user, then sends the shadow (and, sometimes, a noise request to
/// legacy) from the copy and hands both answers to the recorder. The user's exchange never waits on it.
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
    private let feature: String
    private let requestID: String
    private let method: String
    private let path: String
    private let primarySide: Side
    /// The head the shadow side gets (its own ids, `X-Strangler-Shadow: 1`, no framing headers).
    private let head: HTTPRequestHead
    let body: BodyCopy
    private var primaryCapture: ResponseCapture
    private var primary: CapturedResponse?
    private var shadow: CapturedResponse?
    private var noise: CapturedResponse?
    private var sendersStarted = 0
    private var finished = false
    /// The memory copy of the body, kept for the capture file when this request is captured.
    private var capturedBody: [ByteBuffer]?
    private let captureThis: Bool

    init(
        context: Context,
        target: MirrorTarget,
        feature: String,
        requestID: String,
        primarySide: Side,
        upstreamHead: HTTPRequestHead,
        shadowTarget: String
    ) {
        self.context = context
        self.target = target
        self.feature = feature
        self.requestID = requestID
        self.method = upstreamHead.method.rawValue
        self.path = upstreamHead.uri
        self.primarySide = primarySide
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
    }

    // MARK: Primary side

    func primaryHead(_ head: HTTPResponseHead) {
        if self.primary == nil { self.primaryCapture.head(head) }
    }

    func primaryBody(_ buffer: ByteBuffer) {
        if self.primary == nil { self.primaryCapture.body(buffer) }
    }

    func primaryEnded(latency: Duration) {
        guard self.primary == nil else { return }
        self.primary = self.primaryCapture.finished(latency: latency)
        self.completeIfDone()
    }

    /// The primary side gave no answer (connect error, timeout, reset, 5xx that fell back to legacy).
    func primaryFailed(_ failure: CapturedResponse.Failure, latency: Duration) {
        guard self.primary == nil else { return }
        self.primary = .failed(failure, after: latency)
        self.completeIfDone()
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
            if self.captureThis, case .memory(let buffers) = source { self.capturedBody = buffers }
            var head = self.head
            head.headers.add(name: "content-length", value: String(self.body.bytes))
            self.send(head: head, source: source, to: self.target.upstream) { self.shadow = $0 }
            if let noise = self.target.noise, case .memory = source {
                head.uri = self.path  // legacy's own target: the noise request asks legacy the same again
                self.send(head: head, source: source, to: noise) { self.noise = $0 }
            }
        }
    }

    /// Sends one copy from the shadow lane; its captured answer comes back to this loop through `store`.
    private func send(
        head: HTTPRequestHead,
        source: BodyCopy.Source,
        to upstream: Upstream,
        store: @escaping (CapturedResponse) -> Void
    ) {
        let lane = self.context.lane
        // Shutting down: a copy whose spooled body finished after the drain is dropped and counted.
        guard !lane.isClosed else { return self.abandon(.busy) }
        self.sendersStarted += 1
        let delivery = NIOLoopBound(
            { (response: CapturedResponse) in
                store(response)
                self.completeIfDone()
            },
            eventLoop: self.context.eventLoop
        )
        // The copy changes hands: from here only the lane's thread touches the body source.
        let request = ShadowSender.Request(
            upstream: UpstreamKey(host: upstream.host, port: upstream.port),
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
                delivery.eventLoop.execute { delivery.value(response) }
            }.start()
        }
    }

    /// Gives up on this mirror (the copy could not be kept), counting why.
    func abandon(_ reason: MirrorSkip) {
        guard !self.finished else { return }
        self.finished = true
        self.body.discard()
        self.context.recorder.countSkip(feature: self.feature, reason: reason.recorderReason)
        self.context.flights.remove(self)
    }

    private func completeIfDone() {
        guard !self.finished, let primary = self.primary, let shadow = self.shadow,
            self.target.noise == nil || self.noise != nil || self.sendersStarted < 2
        else { return }
        self.finished = true
        let (legacy, new) = self.primarySide == .legacy ? (primary, shadow) : (shadow, primary)
        self.context.recorder.offer(
            ShadowSample(
                requestID: self.requestID,
                feature: self.feature,
                method: self.method,
                path: self.path,
                primarySide: self.primarySide,
                legacy: legacy,
                new: new,
                settle: self.settleRequest()
            )
        )
        if self.captureThis { self.writeCapture(legacyStatus: legacy.status, newStatus: new.status) }
        if let noise = self.noise {
            self.context.recorder.offerNoise(
                NoiseSample(
                    feature: self.feature,
                    requestID: self.requestID,
                    path: self.path,
                    first: primary,
                    second: noise
                )
            )
        }
        self.context.flights.remove(self)
    }
}

extension ShadowTee {
    /// How to ask both sides again when the feature settles differing reads (`compare.settle`).
    private func settleRequest() -> SettleRequest? {
        guard self.target.settings.compare.settle != nil, self.method == "GET" || self.method == "HEAD" else {
            return nil
        }
        let (legacy, new) =
            self.primarySide == .legacy
            ? ((self.target.primary, self.path), (self.target.upstream, self.head.uri))
            : ((self.target.upstream, self.head.uri), (self.target.primary, self.path))
        return SettleRequest(
            method: self.method,
            headers: self.head.headers.map { ($0.name, $0.value) },
            legacy: legacy.0,
            legacyTarget: legacy.1,
            new: new.0,
            newTarget: new.1
        )
    }

    /// Appends this request to the feature's capture file (body inline when it stayed in memory).
    private func writeCapture(legacyStatus: Int, newStatus: Int) {
        guard let captures = self.context.captures else { return }
        var headers = self.head.headers
        headers.remove(name: "x-strangler-shadow")
        let body = self.capturedBody.map { buffers in
            buffers.reduce(into: [UInt8]()) { $0 += $1.readableBytesView }
        }
        captures.append(
            CapturedRequest(
                at: Date(),
                requestID: self.requestID,
                feature: self.feature,
                method: self.method,
                target: self.path,
                headers: headers.map { [$0.name, $0.value] },
                bodyBase64: body.flatMap { $0.isEmpty ? nil : Data($0).base64EncodedString() },
                bodyOmitted: self.capturedBody == nil && self.body.bytes > 0,
                legacyStatus: legacyStatus,
                newStatus: newStatus
            )
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
        case .unmappedID: .unmappedID
        }
    }
}
