import Logging
import NIOCore
import NIOHTTP1
import StranglerCore
import StranglerShadow

/// Serves one client connection: routes each request, streams it to an upstream connection from this
/// event loop's pool, and streams the answer back, with backpressure both ways.
///
/// One exchange runs at a time per connection. A pipelined request that arrives while the previous answer
/// is still streaming is queued here, and only then are reads paused: NIO's `HTTPServerPipelineHandler`
/// would pause them around every exchange, costing two `epoll_ctl` calls per request. Client and upstream
/// channels share the event loop: everything here runs on that loop without locks.
final class ProxyFrontHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let runtime: ProxyRuntime
    private let pool: UpstreamPool
    private let flights: ShadowFlights
    private let lane: ShadowLane?
    private var ids = RequestIDGenerator()
    private(set) var context: ChannelHandlerContext?
    private var clientAddress: String?

    /// The request being served, if any.
    var exchange: Exchange?
    /// A read the channel asked for while we were holding reads (backpressure toward the client).
    private var readPending = false
    /// True when body parts were written upstream since the last flush.
    private var upstreamNeedsFlush = false
    /// The rest of the current request's body is dropped (an error answer was sent).
    private var discardingRequest = false
    /// Parts of pipelined requests that arrived while the previous exchange was still answering.
    private var queued = CircularBuffer<HTTPServerRequestPart>()
    /// The current request asked for a keep-alive connection.
    private var keepAlive = true
    /// Close after the current answer (the client asked, or the server is shutting down).
    private var closeAfterResponse = false

    init(runtime: ProxyRuntime, pool: UpstreamPool, flights: ShadowFlights, lane: ShadowLane?) {
        self.runtime = runtime
        self.pool = pool
        self.flights = flights
        self.lane = lane
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.clientAddress = context.channel.remoteAddress?.ipAddress
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    // MARK: - Client → proxy

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = Self.unwrapInboundIn(data)
        if !self.queued.isEmpty || self.exchange?.requestEnded == true {
            // A pipelined request: it waits for the answer in progress.
            self.queued.append(part)
            return
        }
        self.dispatch(part)
    }

    private func dispatch(_ part: HTTPServerRequestPart) {
        switch part {
        case .head(let head):
            self.receivedHead(head)
        case .body(let buffer):
            self.receivedBody(buffer)
        case .end(let trailers):
            self.receivedEnd(trailers)
        }
    }

    /// Serves queued pipelined requests until one is in progress again.
    private func drainQueued() {
        while self.exchange?.requestEnded != true, let part = self.queued.popFirst() {
            self.dispatch(part)
        }
        self.resumeClientReadsIfPossible()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if self.upstreamNeedsFlush, let connection = self.exchange?.connection {
            self.upstreamNeedsFlush = false
            connection.flush()
        }
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if self.shouldHoldClientReads {
            self.readPending = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            self.exchange?.connection?.handler.resumeReads()
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let exchange = self.exchange {
            self.exchange = nil
            exchange.tee?.exchangeAborted(latency: elapsed(since: exchange.startedAt))
            exchange.cancelTimer()
            exchange.connection?.close()
        }
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? IdleStateHandler.IdleStateEvent, event == .all, self.exchange == nil {
            context.close(promise: nil)
            return
        }
        if event is ChannelShouldQuiesceEvent {
            // Graceful shutdown: finish the answer in progress, then close.
            if self.exchange == nil && self.queued.isEmpty {
                context.close(promise: nil)
            } else {
                self.closeAfterResponse = true
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private var shouldHoldClientReads: Bool {
        if !self.queued.isEmpty { return true }
        guard let exchange = self.exchange, !exchange.requestEnded else { return false }
        guard let connection = exchange.connection else { return true }  // connecting: buffer one batch only
        return !connection.isWritable || exchange.tee?.body.isBacklogged == true
    }

    func resumeClientReadsIfPossible() {
        guard self.readPending, !self.shouldHoldClientReads, let context = self.context else { return }
        self.readPending = false
        context.read()
    }

    private func receivedHead(_ head: HTTPRequestHead) {
        self.discardingRequest = false
        self.keepAlive = head.isKeepAlive
        let requestID =
            head.headers.first(name: "x-request-id").flatMap {
                RequestIDGenerator.isAcceptable($0) ? $0 : nil
            } ?? self.ids.make()

        if let error = RequestValidation.check(head) {
            return self.rejectRequest(error, requestID: requestID, version: head.version)
        }
        guard let target = RequestTarget(head.uri, isOptions: head.method == .OPTIONS) else {
            return self.rejectRequest(
                .badRequest("the request target must be a path (origin form) or an http URL"),
                requestID: requestID,
                version: head.version
            )
        }
        let snapshot = self.runtime.routes.current
        let settings = snapshot.table.proxy
        let contentLength = RequestValidation.contentLength(head)
        if let contentLength, contentLength > settings.maxBodyBytes {
            return self.rejectRequest(
                .bodyTooLarge(limit: settings.maxBodyBytes),
                requestID: requestID,
                version: head.version
            )
        }
        let authorized = self.isAuthorized(head.headers)
        let decision = snapshot.route(
            method: head.method.rawValue,
            path: target.path,
            forced: authorized ? head.headers.first(name: "x-strangler-force").flatMap(Side.init(rawValue:)) : nil,
            stickyValue: { key in Self.stickyValue(key, in: head.headers) },
            cookieBucket: { name in
                head.headers[canonicalForm: "cookie"].lazy.compactMap {
                    StickyCookie.bucket(named: name, in: String($0))
                }.first
            },
            randomBucket: { self.ids.random(below: StickyBucket.count) },
            random: { Double(self.ids.random(below: 1 << 30)) / Double(1 << 30) }
        )
        let upstreamHead = HTTPRequestHead(
            version: .http1_1,
            method: head.method,
            uri: target.uri,
            headers: HeaderRewriter.upstreamRequestHeaders(
                head.headers,
                requestID: requestID,
                clientAddress: self.clientAddress
            )
        )
        let exchange = Exchange(
            requestID: requestID,
            clientVersion: head.version,
            upstreamHead: upstreamHead,
            decision: decision,
            settings: settings,
            featureName: snapshot.featureName(decision),
            debug: authorized,
            canResend: (head.method == .GET || head.method == .HEAD || head.method == .OPTIONS)
                && (contentLength ?? 0) == 0 && !head.headers.contains(name: "transfer-encoding")
        )
        exchange.tee = self.makeTee(for: exchange, contentLength: contentLength)
        self.exchange = exchange
        self.attachUpstream(to: exchange)
    }

    /// A tee when the request is mirrored and the shadow budget allows; skips are counted.
    private func makeTee(for exchange: Exchange, contentLength: Int?) -> ShadowTee? {
        guard let shadow = self.runtime.shadow, let lane = self.lane, let feature = exchange.featureName,
            let context = self.context
        else { return nil }
        guard let mirror = exchange.decision.mirror else {
            if let skip = exchange.decision.mirrorSkip {
                shadow.recorder.countSkip(feature: feature, reason: skip.recorderReason)
            }
            return nil
        }
        if let contentLength, contentLength > mirror.settings.maxBody {
            shadow.recorder.countSkip(feature: feature, reason: .bodyTooLarge)
            return nil
        }
        let target = exchange.upstreamHead.uri
        guard
            let shadowTarget = mirror.settings.ids.isEmpty
                ? target : mirror.shadowTarget(for: target, feature: feature, identities: shadow.recorder.identities)
        else {
            shadow.recorder.countSkip(feature: feature, reason: .unmappedID)
            return nil
        }
        let side = UpstreamKey(mirror.upstream)
        if lane.breaker.isPaused(side) {
            shadow.recorder.countSkip(feature: feature, reason: .shadowDown)
            return nil
        }
        let made = ShadowTee(
            context: .init(
                recorder: shadow.recorder,
                captures: shadow.captures,
                lane: lane,
                flights: self.flights,
                fileIO: shadow.fileIO,
                spoolDirectory: shadow.spoolDirectory,
                settings: exchange.settings,
                captureLimit: shadow.captureLimit,
                eventLoop: context.eventLoop
            ),
            target: mirror,
            side: side,
            feature: feature,
            requestID: exchange.requestID,
            primarySide: exchange.decision.side,
            upstreamHead: exchange.upstreamHead,
            shadowTarget: shadowTarget
        )
        guard let tee = made else {
            shadow.recorder.countSkip(feature: feature, reason: .mirrorBusy)
            return nil
        }
        tee.body.onDrained = { [weak self] in self?.resumeClientReadsIfPossible() }
        return tee
    }

    private func receivedBody(_ buffer: ByteBuffer) {
        guard !self.discardingRequest, let exchange = self.exchange else { return }
        exchange.requestBodyBytes += buffer.readableBytes
        if exchange.requestBodyBytes > exchange.settings.maxBodyBytes {
            return self.failExchange(exchange, with: .bodyTooLarge(limit: exchange.settings.maxBodyBytes))
        }
        if let tee = exchange.tee {
            tee.body.append(buffer)
            if let reason = tee.body.skipReason {
                tee.abandon(reason)
                exchange.tee = nil
            }
        }
        self.forward(.body(.byteBuffer(buffer)), in: exchange)
    }

    private func receivedEnd(_ trailers: HTTPHeaders?) {
        if self.discardingRequest {
            self.discardingRequest = false
            return
        }
        guard let exchange = self.exchange else { return }
        exchange.requestEnded = true
        self.forward(.end(trailers), in: exchange)
        if let tee = exchange.tee, let loop = self.context?.eventLoop {
            // After this read's flush (channelReadComplete): the user's request is on the wire before the
            // shadow's is even written.
            loop.assumeIsolated().execute { tee.requestEnded() }
        }
        if exchange.connection != nil { self.startResponseTimer(exchange) }
        if exchange.responseEnded { self.finish(exchange) }
    }

    private func forward(_ part: HTTPClientRequestPart, in exchange: Exchange) {
        if let connection = exchange.connection {
            connection.write(part)
            self.upstreamNeedsFlush = true
        } else {
            exchange.pending.append(part)
        }
    }

    private func isAuthorized(_ headers: HTTPHeaders) -> Bool {
        guard let token = self.runtime.token, let presented = headers.first(name: "x-strangler-token") else {
            return false
        }
        return token.matches(Substring(presented))
    }

    // MARK: - Upstream connection

    private func attachUpstream(to exchange: Exchange) {
        let key = exchange.upstreamKey
        if let connection = self.pool.lease(key) {
            self.use(connection, for: exchange)
            return
        }
        let connect = self.pool.connect(key, timeout: exchange.settings.connectTimeout.timeAmount)
        connect.assumeIsolated().whenComplete { result in
            guard self.exchange === exchange else {
                if case .success(let connection) = result { connection.close() }
                return
            }
            switch result {
            case .success(let connection):
                self.use(connection, for: exchange)
                self.resumeClientReadsIfPossible()
            case .failure(let error):
                self.runtime.logger.warning(
                    "upstream connect failed",
                    metadata: [
                        "request_id": "\(exchange.requestID)", "upstream": "\(key.host):\(key.port)",
                        "error": "\(error)",
                    ]
                )
                self.upstreamFailed(exchange, with: .upstreamUnavailable(exchange.decision.upstream.name, "\(error)"))
            }
        }
    }

    private func use(_ connection: UpstreamConnection, for exchange: Exchange) {
        exchange.connection = connection
        exchange.reusedConnection = connection.requestCount > 0
        connection.requestCount += 1
        connection.handler.delegate = self
        connection.write(.head(exchange.upstreamHead))
        for part in exchange.pending { connection.write(part) }
        exchange.pending.removeAll()
        connection.flush()
        if exchange.requestEnded { self.startResponseTimer(exchange) }
    }

    private func startResponseTimer(_ exchange: Exchange) {
        guard exchange.timer == nil, !exchange.responseStarted, let context = self.context else { return }
        let timeout = exchange.settings.responseTimeout.timeAmount
        exchange.timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            guard self.exchange === exchange, !exchange.responseStarted else { return }
            exchange.timer = nil
            self.upstreamFailed(exchange, with: .upstreamTimeout(exchange.decision.upstream.name))
        }
    }

    /// Sends a request again on a fresh connection when a reused keep-alive connection died before
    /// answering (the upstream closed it while idle). Only bodiless idempotent requests, only once.
    func resendIfPossible(_ exchange: Exchange) -> Bool {
        guard exchange.canResend, exchange.reusedConnection, !exchange.resentOnFreshConnection,
            !exchange.responseStarted
        else {
            return false
        }
        exchange.resentOnFreshConnection = true
        self.restart(exchange)
        return true
    }

    /// The upstream failed before answering: retry on legacy when the feature allows it, else answer
    /// with the proxy's error.
    func upstreamFailed(_ exchange: Exchange, with error: ProxyError) {
        guard self.exchange === exchange else { return }
        self.recordOutcome(exchange, status: nil, upstreamError: true)
        if !exchange.responseStarted, exchange.decision.legacyUpstream != nil {
            exchange.connection?.close()
            exchange.connection = nil
            self.fallBack(exchange)
            return
        }
        self.failExchange(exchange, with: error)
    }

    /// Retries an idempotent request on legacy after the new side failed it.
    func fallBack(_ exchange: Exchange) {
        exchange.tee?.primaryFailed(
            .reset("the new side failed; the user was answered by legacy"),
            latency: elapsed(since: exchange.startedAt)
        )
        guard exchange.decision.fallBack() else { return }
        exchange.decision.metrics.countFallback()
        self.restart(exchange)
    }

    private func restart(_ exchange: Exchange) {
        exchange.connection = nil
        exchange.cancelTimer()
        exchange.pending.removeAll()
        if exchange.requestEnded { exchange.pending.append(.end(nil)) }
        self.attachUpstream(to: exchange)
    }

    // MARK: - Finishing

    func finish(_ exchange: Exchange) {
        guard self.exchange === exchange else { return }
        self.exchange = nil
        exchange.cancelTimer()
        if let connection = exchange.connection {
            self.pool.release(
                connection,
                reusable: exchange.upstreamKeepAlive,
                idleTimeout: exchange.settings.idleTimeout.timeAmount
            )
        }
        self.drainQueued()
    }

    /// Whether the client connection closes after the current answer.
    var closesAfterResponse: Bool { !self.keepAlive || self.closeAfterResponse }

    /// Writes the end of an answer; closes the connection after it when the client or shutdown asks.
    func writeResponseEnd(_ trailers: HTTPHeaders?) {
        guard let context = self.context else { return }
        if self.closesAfterResponse {
            self.queued.removeAll()
            context.writeAndFlush(Self.wrapOutboundOut(.end(trailers))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        } else {
            context.writeAndFlush(Self.wrapOutboundOut(.end(trailers)), promise: nil)
        }
    }

    /// `Connection` header for an answer, when the default of its HTTP version is not what happens.
    func connectionHeader(version: HTTPVersion) -> String? {
        if self.closesAfterResponse { return version.minor >= 1 ? "close" : nil }
        return version.major == 1 && version.minor == 0 ? "keep-alive" : nil
    }

    /// Counts an answered request (or an upstream failure) for the feature's side, and feeds the guard.
    /// Requests pinned with `X-Strangler-Force` are only counted as forced.
    func recordOutcome(_ exchange: Exchange, status: Int?, upstreamError: Bool) {
        let decision = exchange.decision
        if decision.forced {
            if status != nil { decision.metrics.countForced() }
            return
        }
        if let status {
            decision.metrics.record(
                side: decision.side,
                status: status,
                duration: elapsed(since: exchange.startedAt)
            )
        }
        if upstreamError { decision.metrics.recordUpstreamError(side: decision.side) }
        if decision.side == .new, let feature = exchange.featureName {
            self.runtime.guardMonitor.record(feature: feature, error: upstreamError || (status ?? 500) >= 500)
        }
    }

    /// Answers the client with a proxy error when no response has started, else cuts the connection.
    private func failExchange(_ exchange: Exchange, with error: ProxyError) {
        guard self.exchange === exchange, let context = self.context else { return }
        self.exchange = nil
        let latency = elapsed(since: exchange.startedAt)
        switch error.code {
        case "upstream_timeout": exchange.tee?.primaryFailed(.timeout, latency: latency)
        case "upstream_unavailable": exchange.tee?.primaryFailed(.connect(error.message), latency: latency)
        default: exchange.tee?.exchangeAborted(latency: latency)
        }
        exchange.cancelTimer()
        exchange.connection?.close()
        if exchange.responseStarted {
            context.close(promise: nil)
            return
        }
        self.discardingRequest = !exchange.requestEnded
        self.writeError(
            error,
            requestID: exchange.requestID,
            version: exchange.clientVersion,
            close: !exchange.requestEnded
        )
        self.resumeClientReadsIfPossible()
    }

    /// Refuses a request before any upstream work; the connection closes after the answer because the
    /// request's framing cannot be trusted.
    private func rejectRequest(_ error: ProxyError, requestID: String, version: HTTPVersion) {
        self.discardingRequest = true
        self.writeError(error, requestID: requestID, version: version, close: true)
    }

    private func writeError(_ error: ProxyError, requestID: String, version: HTTPVersion, close: Bool) {
        guard let context = self.context else { return }
        let (head, body) = error.response(
            requestID: requestID,
            version: version,
            close: close,
            allocator: context.channel.allocator
        )
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        if close {
            self.queued.removeAll()
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        } else {
            self.writeResponseEnd(nil)
        }
    }

    private static func stickyValue(_ key: StickyKey, in headers: HTTPHeaders) -> String? {
        switch key {
        case .header(let name):
            return headers.first(name: name)
        case .cookie(let name):
            for cookieHeader in headers[canonicalForm: "cookie"] {
                if let value = StickyKey.cookie(named: name, in: cookieHeader) { return String(value) }
            }
            return nil
        }
    }
}

extension Duration {
    /// This duration as NIO's `TimeAmount`.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = self.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// The time since `start`, as a `Duration`.
func elapsed(since start: NIODeadline) -> Duration {
    .nanoseconds(Int64(NIODeadline.now().uptimeNanoseconds) - Int64(start.uptimeNanoseconds))
}
