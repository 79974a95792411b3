import Foundation
import Hummingbird
import ServiceSupport

/// Reading videos: one by id, and the paginated feed.
struct VideoRoutes {
    let dependencies: StubDependencies

    /// Feed page size when `limit` is absent.
    static let defaultLimit = 20
    /// Allowed `limit` values.
    static let limitRange = 1...100

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/videos/:id", use: video)
        router.get("/api/feed", use: feed)
    }

    @Sendable func video(request: Request, context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.id("id", in: context)
        guard let video = try await dependencies.store.video(id: id) else {
            throw APIError.notFound("No video has id \(id).")
        }
        return try dependencies.replies.json(dependencies.replies.decorate(video))
    }

    @Sendable func feed(request: Request, context: BasicRequestContext) async throws -> Response {
        guard let userText = RequestInput.query("user_id", in: request), !userText.isEmpty else {
            throw APIError.badRequest("missing_user_id", "Say whose feed: /api/feed?user_id=ID.")
        }
        guard let userID = Int64(userText), userID > 0 else {
            throw APIError.badRequest("bad_user_id", "user_id must be a positive integer, not '\(userText)'.")
        }
        var limit = Self.defaultLimit
        if let limitText = RequestInput.query("limit", in: request) {
            guard let value = Int(limitText), Self.limitRange.contains(value) else {
                throw APIError.badRequest(
                    "bad_limit",
                    "limit must be an integer from \(Self.limitRange.lowerBound) to \(Self.limitRange.upperBound), not '\(limitText)'."
                )
            }
            limit = value
        }
        var cursor: Int64?
        if let cursorText = RequestInput.query("cursor", in: request), !cursorText.isEmpty {
            guard cursorText.allSatisfy(\.isASCII), let value = Int64(cursorText) else {
                throw APIError.badRequest(
                    "bad_cursor",
                    "cursor must be the next_cursor of the previous page (a decimal id), not '\(cursorText)'."
                )
            }
            cursor = value
        }
        let page = try await dependencies.store.feed(userID: userID, limit: limit, cursor: cursor)
        let items = page.items.map(dependencies.replies.decorate)
        return try dependencies.replies.json(FeedPageJSON(items: items, nextCursor: page.nextCursor))
    }
}
