import Foundation

/// One captured request, a line of `<state>/captures/FEATURE.jsonl`: what `strangler shadow replay` sends
/// again to both sides.
public struct CapturedRequest: Codable, Sendable, Equatable {
    public var at: Date
    public var requestID: String
    public var feature: String
    public var method: String
    /// The request target as the upstream saw it: `/path?query`.
    public var target: String
    /// Request headers as forwarded (proxy-added headers included), names as sent.
    public var headers: [[String]]
    /// The body, base64; `nil` when there was none or it was too large to keep (`bodyOmitted`).
    public var bodyBase64: String?
    /// The body was larger than the capture keeps; replay skips such requests.
    public var bodyOmitted: Bool
    /// What each side answered live (status; 0 when it gave no answer).
    public var legacyStatus: Int
    public var newStatus: Int

    public init(
        at: Date,
        requestID: String,
        feature: String,
        method: String,
        target: String,
        headers: [[String]],
        bodyBase64: String?,
        bodyOmitted: Bool,
        legacyStatus: Int,
        newStatus: Int
    ) {
        self.at = at
        self.requestID = requestID
        self.feature = feature
        self.method = method
        self.target = target
        self.headers = headers
        self.bodyBase64 = bodyBase64
        self.bodyOmitted = bodyOmitted
        self.legacyStatus = legacyStatus
        self.newStatus = newStatus
    }

    enum CodingKeys: String, CodingKey {
        case at, feature, method, target, headers
        case requestID = "request_id"
        case bodyBase64 = "body_base64"
        case bodyOmitted = "body_omitted"
        case legacyStatus = "legacy_status"
        case newStatus = "new_status"
    }

    /// The JSON-lines encoder and decoder of capture files.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
