import Foundation
import Hummingbird

/// The one JSON encoding every service uses, so that legacy and new services answer byte-for-byte alike:
/// keys sorted, slashes unescaped, `Content-Type: application/json; charset=utf-8`.
public enum JSONResponse {
    /// Encodes `value` with the shared settings.
    public static func encode(_ value: some Encodable) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ByteBuffer(bytes: try encoder.encode(value))
    }

    /// A response whose body is `value` as JSON.
    public static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: try encode(value))
        )
    }
}

/// Encodes `base` and adds `extra` string fields at the same (top) level of the JSON object.
///
/// `base` must encode as a keyed container (a JSON object).
public struct ExtraFields<Base: Encodable>: Encodable {
    /// The object to encode.
    public let base: Base
    /// Fields merged into the object; empty means none.
    public let extra: [String: String]

    /// Wraps `base` with `extra` top-level fields.
    public init(base: Base, extra: [String: String]) {
        self.base = base
        self.extra = extra
    }

    /// Encodes the base object, then the extra fields into the same container.
    public func encode(to encoder: any Encoder) throws {
        try self.base.encode(to: encoder)
        guard !self.extra.isEmpty else { return }
        var container = encoder.container(keyedBy: DynamicKey.self)
        for (key, value) in self.extra {
            try container.encode(value, forKey: DynamicKey(key))
        }
    }
}

/// A coding key made from any string.
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { self.stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
