import NIOCore
import NIOHTTP1

/// What an upstream connection reports to the exchange that leased it. Called on the connection's event
/// loop, which is also the client connection's loop.
protocol UpstreamDelegate: AnyObject {
    func upstreamReceived(_ part: HTTPClientResponsePart)
    func upstreamReadComplete()
    func upstreamWritabilityChanged(isWritable: Bool)
    func upstreamClosed(error: (any Error)?)
}

/// The last handler of an upstream connection: forwards response parts to the leasing exchange and
/// holds reads while the client cannot take more bytes (backpressure from client to upstream).
final class UpstreamHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    /// The exchange using this connection; `nil` while the connection idles in the pool.
    weak var delegate: (any UpstreamDelegate)?
    /// Called once when the connection closes, so the pool can forget it.
    var onClose: (() -> Void)?

    private var context: ChannelHandlerContext?
    private var holdingReads = false
    private var readPending = false
    private var closeError: (any Error)?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let delegate = self.delegate else {
            // An idle connection must not receive anything: the upstream is confused; drop it.
            context.close(promise: nil)
            return
        }
        delegate.upstreamReceived(Self.unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.delegate?.upstreamReadComplete()
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        self.delegate?.upstreamWritabilityChanged(isWritable: context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.closeError = self.closeError ?? error
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let delegate = self.delegate
        self.delegate = nil
        self.onClose?()
        self.onClose = nil
        delegate?.upstreamClosed(error: self.closeError)
        context.fireChannelInactive()
    }

    func read(context: ChannelHandlerContext) {
        if self.holdingReads {
            self.readPending = true
        } else {
            context.read()
        }
    }

    /// Stops reading from the upstream until ``resumeReads()``.
    func holdReads() {
        self.holdingReads = true
    }

    /// Resumes reading, issuing a read that was held back.
    func resumeReads() {
        self.holdingReads = false
        if self.readPending, let context = self.context {
            self.readPending = false
            context.read()
        }
    }
}
