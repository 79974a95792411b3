import NIOCore
import NIOHTTP1
import NIOPosix
import StranglerShadow

/// Sends one shadow (or noise) request from a finished body copy and captures the answer, on the shadow
/// lane's event loop (``ShadowLane``). It has its own timeout and never touches the user's exchange: whatever
/// the shadow side does, the result is one ``CapturedResponse``.
final class ShadowSender {
    /// What to send, handed from the user's loop to the lane's: after the handover only the lane touches
    /// the body source (buffers shared read-only, or the spooled file this sender closes and removes).
    struct Request: @unchecked Sendable {
        let upstream: UpstreamKey
        let head: HTTPRequestHead
        let source: BodyCopy.Source
        let timeout: TimeAmount
        let connectTimeout: TimeAmount
        let idleTimeout: TimeAmount
        let captureLimit: Int
        let capturedHeaders: [String]
    }

    private let pool: UpstreamPool
    private let request: Request
    private let eventLoop: any EventLoop
    private var completion: ((CapturedResponse) -> Void)?
    private var capture: ResponseCapture
    private var connection: UpstreamConnection?
    private var timer: Scheduled<Void>?
    private var keepAlive = false
    private let startedAt = NIODeadline.now()

    init(
        request: Request,
        pool: UpstreamPool,
        eventLoop: any EventLoop,
        completion: @escaping (CapturedResponse) -> Void
    ) {
        self.pool = pool
        self.request = request
        self.capture = ResponseCapture(limit: request.captureLimit, headers: request.capturedHeaders)
        self.eventLoop = eventLoop
        self.completion = completion
    }

    func start() {
        self.timer = self.eventLoop.assumeIsolated().scheduleTask(in: self.request.timeout) {
            self.fail(.timeout)
        }
        if let connection = self.pool.lease(self.request.upstream) {
            return self.send(on: connection)
        }
        let connecting = self.pool.connect(self.request.upstream, timeout: self.request.connectTimeout)
        connecting.assumeIsolated().whenComplete { result in
            switch result {
            case .success(let connection):
                guard self.completion != nil else { return connection.close() }
                self.send(on: connection)
            case .failure(let error):
                self.fail(.connect("\(error)"))
            }
        }
    }

    private func send(on connection: UpstreamConnection) {
        self.connection = connection
        connection.requestCount += 1
        connection.handler.delegate = self
        connection.write(.head(self.request.head))
        switch self.request.source {
        case .memory(let buffers):
            for buffer in buffers { connection.write(.body(.byteBuffer(buffer))) }
        case .file(_, _, let region):
            connection.write(.body(.fileRegion(region)))
        }
        connection.channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
    }

    private func complete(_ response: CapturedResponse) {
        guard let completion = self.completion else { return }
        self.completion = nil
        self.timer?.cancel()
        self.timer = nil
        if case .file(let path, let handle, _) = self.request.source {
            try? handle.close()
            unlink(path)
        }
        completion(response)
    }

    private func fail(_ failure: CapturedResponse.Failure) {
        guard self.completion != nil else { return }
        self.connection?.close()
        self.connection = nil
        self.complete(.failed(failure, after: elapsed(since: self.startedAt)))
    }
}

extension ShadowSender: UpstreamDelegate {
    func upstreamReceived(_ part: HTTPClientResponsePart) {
        switch part {
        case .head(let head):
            guard head.status.code >= 200 || head.status == .switchingProtocols else { return }
            self.keepAlive = head.isKeepAlive
            self.capture.head(head)
        case .body(let buffer):
            self.capture.body(buffer)
        case .end:
            let response = self.capture.finished(latency: elapsed(since: self.startedAt))
            if let connection = self.connection {
                self.connection = nil
                self.pool.release(connection, reusable: self.keepAlive, idleTimeout: self.request.idleTimeout)
            }
            self.complete(response)
        }
    }

    func upstreamReadComplete() {}

    func upstreamWritabilityChanged(isWritable: Bool) {}

    func upstreamClosed(error: (any Error)?) {
        self.connection = nil
        self.fail(.reset(error.map { "\($0)" } ?? "connection closed before a complete response"))
    }
}
