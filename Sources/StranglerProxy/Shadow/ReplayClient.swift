import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import StranglerCore
import StranglerShadow

/// Sends a captured request to one upstream and captures the answer, for `strangler shadow replay`.
/// One connection per request, closed after it: replay is about answers, not connection reuse.
public struct ReplayClient: Sendable {
    private let group: any EventLoopGroup
    private let timeout: Duration
    private let captureLimit: Int

    public init(group: any EventLoopGroup, timeout: Duration, captureLimit: Int = 1024 * 1024) {
        self.group = group
        self.timeout = timeout
        self.captureLimit = captureLimit
    }

    /// The upstream's answer to `request`, or the failure (connect error, reset, timeout).
    public func send(_ request: CapturedRequest, to upstream: Upstream) async -> CapturedResponse {
        let started = ContinuousClock.now
        let loop = self.group.next()
        let promise = loop.makePromise(of: CapturedResponse.self)
        let limit = self.captureLimit
        var headers = HTTPHeaders(request.headers.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil })
        let body = request.bodyBase64.flatMap { Data(base64Encoded: $0) } ?? Data()
        headers.remove(name: "transfer-encoding")
        headers.replaceOrAdd(name: "content-length", value: String(body.count))
        headers.replaceOrAdd(name: "connection", value: "close")
        headers.replaceOrAdd(name: "x-strangler-shadow", value: "1")
        let head = HTTPRequestHead(
            version: .http1_1,
            method: HTTPMethod(rawValue: request.method),
            uri: request.target,
            headers: headers
        )
        let timeout = self.timeout
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout.timeAmount)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(HTTPRequestEncoder())
                    try sync.addHandler(ByteToMessageHandler(HTTPResponseDecoder()))
                    try sync.addHandler(ReplayResponseHandler(limit: limit, started: started, promise: promise))
                }
            }
        bootstrap.connect(host: upstream.host, port: upstream.port).whenComplete { result in
            switch result {
            case .success(let channel):
                channel.write(HTTPClientRequestPart.head(head), promise: nil)
                if !body.isEmpty {
                    channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
                }
                channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
                loop.scheduleTask(in: timeout.timeAmount) {
                    promise.succeed(.failed(.timeout, after: ContinuousClock.now - started))
                    channel.close(promise: nil)
                }
            case .failure(let error):
                promise.succeed(.failed(.connect("\(error)"), after: ContinuousClock.now - started))
            }
        }
        return (try? await promise.futureResult.get()) ?? .failed(.reset("no answer"), after: .zero)
    }
}

/// Captures one response and completes the replay's promise (first outcome wins).
private final class ReplayResponseHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private var capture: ResponseCapture
    private let started: ContinuousClock.Instant
    private let promise: EventLoopPromise<CapturedResponse>

    init(limit: Int, started: ContinuousClock.Instant, promise: EventLoopPromise<CapturedResponse>) {
        self.capture = ResponseCapture(limit: limit)
        self.started = started
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            if head.status.code >= 200 { self.capture.head(head) }
        case .body(let buffer):
            self.capture.body(buffer)
        case .end:
            self.promise.succeed(self.capture.finished(latency: ContinuousClock.now - self.started))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.promise.succeed(
            .failed(.reset("connection closed before a complete response"), after: ContinuousClock.now - self.started)
        )
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.promise.succeed(.failed(.reset("\(error)"), after: ContinuousClock.now - self.started))
        context.close(promise: nil)
    }
}
