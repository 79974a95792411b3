import NIOCore
import NIOHTTP1
import StranglerCore

// MARK: - Upstream → client

extension ProxyFrontHandler: UpstreamDelegate {
    func upstreamReceived(_ part: HTTPClientResponsePart) {
        guard let exchange = self.exchange, let context = self.context else { return }
        switch part {
        case .head(let head):
            if head.status.code >= 100 && head.status.code < 200 && head.status != .switchingProtocols {
                // 100 Continue and other interim answers go straight through.
                var interim = head
                interim.version = exchange.clientVersion
                context.write(Self.wrapOutboundOut(.head(interim)), promise: nil)
                return
            }
            if head.status.code >= 500, exchange.decision.legacyUpstream != nil, !exchange.responseStarted {
                // The new side failed an idempotent request: answer it from legacy instead.
                self.recordOutcome(exchange, status: Int(head.status.code), upstreamError: false)
                exchange.connection?.close()
                exchange.connection = nil
                self.fallBack(exchange)
                return
            }
            exchange.responseStarted = true
            exchange.responseStatus = Int(head.status.code)
            exchange.cancelTimer()
            exchange.upstreamKeepAlive = head.isKeepAlive
            var headers = HeaderRewriter.clientResponseHeaders(head.headers, requestID: exchange.requestID)
            if let cookie = exchange.decision.setCookie { headers.add(name: "set-cookie", value: cookie) }
            if let connection = self.connectionHeader(version: exchange.clientVersion) {
                headers.replaceOrAdd(name: "connection", value: connection)
            }
            if exchange.debug {
                headers.add(name: "x-strangler-feature", value: exchange.featureName ?? "-")
                headers.add(name: "x-strangler-side", value: exchange.decision.side.rawValue)
            }
            exchange.tee?.primaryHead(head)
            let clientHead = HTTPResponseHead(version: exchange.clientVersion, status: head.status, headers: headers)
            context.write(Self.wrapOutboundOut(.head(clientHead)), promise: nil)
        case .body(let buffer):
            exchange.tee?.primaryBody(buffer)
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            if !context.channel.isWritable {
                exchange.connection?.handler.holdReads()
            }
        case .end(let trailers):
            exchange.responseEnded = true
            exchange.tee?.primaryEnded(latency: elapsed(since: exchange.startedAt))
            self.writeResponseEnd(trailers)
            self.recordOutcome(exchange, status: exchange.responseStatus, upstreamError: false)
            if exchange.requestEnded {
                self.finish(exchange)
            } else {
                // The upstream answered before the request body ended; its connection is mid-request and
                // the client's remaining body has nowhere to go: close both after the answer.
                exchange.upstreamKeepAlive = false
                exchange.tee?.abandon(.requestIncomplete)
                self.exchange = nil
                exchange.connection?.close()
                context.close(promise: nil)
            }
        }
    }

    func upstreamReadComplete() {
        self.context?.flush()
    }

    func upstreamWritabilityChanged(isWritable: Bool) {
        if isWritable { self.resumeClientReadsIfPossible() }
    }

    func upstreamClosed(error: (any Error)?) {
        guard let exchange = self.exchange, exchange.connection != nil, !exchange.responseEnded else { return }
        if self.resendIfPossible(exchange) { return }
        let detail = error.map { "\($0)" } ?? "connection closed before a complete response"
        self.upstreamFailed(exchange, with: .upstreamUnavailable(exchange.decision.upstream.name, detail))
    }
}
