import NIOCore
import NIOHTTP1
import StranglerCore

/// The state of one request/response exchange on a client connection.
final class Exchange {
    let requestID: String
    let clientVersion: HTTPVersion
    let upstreamHead: HTTPRequestHead
    let settings: ProxySettings
    let featureName: String?
    /// The request carried a valid admin token: answer with the debug headers.
    let debug: Bool
    /// A bodiless idempotent request: safe to send again on another connection.
    let canResend: Bool
    let startedAt: NIODeadline

    var decision: RoutingDecision
    var connection: UpstreamConnection?
    var reusedConnection = false
    var resentOnFreshConnection = false
    /// Request parts that arrived before the upstream connection was ready, or kept for a resend.
    var pending: [HTTPClientRequestPart] = []
    var requestBodyBytes = 0
    var requestEnded = false
    var responseStarted = false
    var responseEnded = false
    var responseStatus = 0
    var upstreamKeepAlive = false
    var timer: Scheduled<Void>?
    /// The mirror of this request, when it is shadowed.
    var tee: ShadowTee?

    init(
        requestID: String,
        clientVersion: HTTPVersion,
        upstreamHead: HTTPRequestHead,
        decision: RoutingDecision,
        settings: ProxySettings,
        featureName: String?,
        debug: Bool,
        canResend: Bool
    ) {
        self.requestID = requestID
        self.clientVersion = clientVersion
        self.upstreamHead = upstreamHead
        self.decision = decision
        self.settings = settings
        self.featureName = featureName
        self.debug = debug
        self.canResend = canResend
        self.startedAt = .now()
    }

    var upstreamKey: UpstreamKey {
        UpstreamKey(self.decision.upstream)
    }

    func cancelTimer() {
        self.timer?.cancel()
        self.timer = nil
    }
}
