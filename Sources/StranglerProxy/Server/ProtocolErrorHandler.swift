import NIOCore
import NIOHTTP1

/// Answers requests the HTTP parser rejects (malformed framing, bad chunk sizes, oversized headers) with
/// the JSON error contract, then lets the connection close: after a framing error nothing more on it
/// can be trusted.
final class ProtocolErrorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var responseInProgress = false
    private var ids = RequestIDGenerator()

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        if !self.responseInProgress {
            let proxyError: ProxyError
            switch parserError {
            case .headerOverflow:
                proxyError = .headersTooLarge
            default:
                proxyError = .badRequest("malformed HTTP request: \(parserError)")
            }
            let (head, body) = proxyError.response(
                requestID: self.ids.make(),
                version: .http1_1,
                close: true,
                allocator: context.channel.allocator
            )
            context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.close(promise: nil)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch Self.unwrapOutboundIn(data) {
        case .head(let head) where head.status.code >= 200 || head.status == .switchingProtocols:
            self.responseInProgress = true
        case .end:
            self.responseInProgress = false
        default:
            break
        }
        context.write(data, promise: promise)
    }
}
