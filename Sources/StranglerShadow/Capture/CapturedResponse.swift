/// One side's answer to a mirrored request, as the proxy captured it.
///
/// The body is kept only up to the proxy's capture bound; `bodyTruncated` says whether more was sent.
/// When the side gave no response at all, `failure` says why and the other fields are empty.
public struct CapturedResponse: Sendable {
    /// Why a side gave no response.
    public enum Failure: Sendable, Equatable, CustomStringConvertible {
        /// No complete response within the shadow timeout.
        case timeout
        /// The connection could not be opened.
        case connect(String)
        /// The connection broke before the response was complete.
        case reset(String)

        /// `timeout`, `connect: …` or `reset: …`.
        public var description: String {
            switch self {
            case .timeout: "timeout"
            case .connect(let reason): "connect: \(reason)"
            case .reset(let reason): "reset: \(reason)"
            }
        }

        /// Whether this failure is a timeout (reported apart from other errors).
        public var isTimeout: Bool { self == .timeout }
    }

    /// HTTP status code; 0 when `failure` is set.
    public var status: Int
    /// Response headers in arrival order; names in any case.
    public var headers: [(String, String)]
    /// The response body, up to the capture bound.
    public var body: [UInt8]
    /// Whether the body was longer than `body`.
    public var bodyTruncated: Bool
    /// Time from sending the request to the end of the response (or to the failure).
    public var latency: Duration
    /// Set when there is no response.
    public var failure: Failure?

    /// Creates a captured response.
    public init(
        status: Int,
        headers: [(String, String)] = [],
        body: [UInt8] = [],
        bodyTruncated: Bool = false,
        latency: Duration,
        failure: Failure? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyTruncated = bodyTruncated
        self.latency = latency
        self.failure = failure
    }

    /// A side that gave no response.
    public static func failed(_ failure: Failure, after latency: Duration) -> CapturedResponse {
        CapturedResponse(status: 0, latency: latency, failure: failure)
    }

    /// The values of header `name` (compared case-insensitively), in arrival order.
    public func headerValues(_ name: String) -> [String] {
        headers.compactMap { $0.0.lowercased() == name ? $0.1 : nil }
    }
}
