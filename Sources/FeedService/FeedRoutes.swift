import Foundation
import Hummingbird
import NIOCore
import ServiceSupport

/// `GET /api/feed?user_id=&limit=&cursor=`: newest first, answered from the read model by
/// concatenating pre-encoded items; validation, codes and messages are the monolith's.
struct FeedRoutes {
    let model: FeedReadModel

    /// Feed page size when `limit` is absent.
    static let defaultLimit = 20
    /// Allowed `limit` values.
    static let limitRange = 1...100

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/feed", use: feed)
    }

    @Sendable func feed(request: Request, context: BasicRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let userText = query["user_id"].map(String.init), !userText.isEmpty else {
            throw APIError.badRequest("missing_user_id", "Say whose feed: /api/feed?user_id=ID.")
        }
        guard let userID = Int64(userText), userID > 0 else {
            throw APIError.badRequest("bad_user_id", "user_id must be a positive integer, not '\(userText)'.")
        }
        var limit = Self.defaultLimit
        if let limitText = query["limit"].map(String.init) {
            guard let value = Int(limitText), Self.limitRange.contains(value) else {
                throw APIError.badRequest(
                    "bad_limit",
                    "limit must be an integer from \(Self.limitRange.lowerBound) to \(Self.limitRange.upperBound), not '\(limitText)'."
                )
            }
            limit = value
        }
        var cursor: Int64?
        if let cursorText = query["cursor"].map(String.init), !cursorText.isEmpty {
            guard cursorText.allSatisfy(\.isASCII), let value = Int64(cursorText) else {
                throw APIError.badRequest(
                    "bad_cursor",
                    "cursor must be the next_cursor of the previous page (a decimal id), not '\(cursorText)'."
                )
            }
            cursor = value
        }
        guard let page = model.page(userID: userID, limit: limit, cursor: cursor) else {
            throw APIError.notFound("No user has id \(userID).")
        }
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: Self.encode(page))
        )
    }

    /// `{"items":[...],"next_cursor":"ID"|null}`, exactly as `JSONEncoder` with sorted keys writes it.
    static func encode(_ page: FeedReadModel.Page) -> ByteBuffer {
        let size = page.items.reduce(48) { $0 + $1.json.count + 1 }
        var buffer = ByteBufferAllocator().buffer(capacity: size)
        buffer.writeStaticString(#"{"items":["#)
        for (index, item) in page.items.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            buffer.writeBytes(item.json)
        }
        buffer.writeStaticString(#"],"next_cursor":"#)
        if let next = page.nextCursor {
            buffer.writeString("\"\(next)\"}")
        } else {
            buffer.writeStaticString("null}")
        }
        return buffer
    }
}
