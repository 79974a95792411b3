import Foundation
import Hummingbird
import ServiceSupport
import VideoContract

/// What the route handlers share.
struct StubDependencies: Sendable {
    let configuration: StubConfiguration
    let store: LegacyStore
    let signer: JWTSigner
    let uploadGate: SerialGate
    let transcodeWorker: TranscodeWorker
    let replies: Replies
}

/// Builds JSON responses, adding the `--noise` fields when enabled.
struct Replies: Sendable {
    /// Whether to add `served_at` and `view_count`.
    let noise: Bool

    /// The top-level noise fields for one response (empty without `--noise`).
    func noiseFields() -> [String: String] {
        noise ? ["served_at": Timestamp.millisecondString(Date())] : [:]
    }

    /// `value` as a JSON response, with `served_at` at the top level under `--noise`.
    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        try JSONResponse.make(ExtraFields(base: value, extra: noiseFields()), status: status)
    }

    /// `video` with a random `view_count` under `--noise`.
    func decorate(_ video: VideoJSON) -> VideoJSON {
        guard noise else { return video }
        var video = video
        video.viewCount = Int.random(in: 0...1_000_000)
        return video
    }

    /// Every video in `results` decorated.
    func decorate(_ results: [SearchResultJSON]) -> [SearchResultJSON] {
        results.map { result in
            if case .video(let video) = result { return .video(decorate(video)) }
            return result
        }
    }
}

/// Reads typed request inputs, answering 400 with a precise code when they are malformed.
enum RequestInput {
    /// Path parameter `name` as a positive integer id.
    static func id(_ name: String, in context: some RequestContext) throws -> Int64 {
        let text = context.parameters.get(name) ?? ""
        guard let value = Int64(text), value > 0 else {
            throw APIError.badRequest("bad_id", "'\(text)' is not a valid id; ids are positive integers.")
        }
        return value
    }

    /// Query parameter `name`, if present.
    static func query(_ name: String, in request: Request) -> String? {
        request.uri.queryParameters[name[...]].map(String.init)
    }

    /// Decodes a JSON request body, answering 400 `bad_json` when it does not fit `T`.
    static func json<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws
        -> T
    {
        let body = try await request.body.collect(upTo: 1 << 20)
        do {
            return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
        } catch {
            throw APIError.badRequest("bad_json", "The body must be a JSON object: \(Self.describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing field '\(key.stringValue)'."
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'."
        default: "it could not be parsed."
        }
    }
}
