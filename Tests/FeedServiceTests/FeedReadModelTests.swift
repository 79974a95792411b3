import Foundation
import NIOCore
import Testing
import VideoContract

@testable import FeedService

struct FeedReadModelTests {
    private func video(_ id: Int64, by user: Int64) throws -> FeedVideo {
        try FeedVideo(
            VideoJSON(
                id: id,
                userID: user,
                title: "v\(id)",
                bytes: 1,
                sha256: "x",
                status: "ready",
                durationSeconds: nil,
                renditions: []
            )
        )
    }

    @Test func mergesOwnAndFollowedAuthorsNewestFirstWithCursor() throws {
        let model = FeedReadModel()
        model.upsert(try [1, 4, 7].map { try video($0, by: 1) } + [2, 5].map { try video($0, by: 2) })
        model.upsert(try [3, 6].map { try video($0, by: 3) })
        model.replaceFollows([(follower: 1, followee: 2)])
        let page = try #require(model.page(userID: 1, limit: 3, cursor: nil))
        #expect(page.items.map(\.video.id) == [7, 5, 4])
        #expect(page.nextCursor == 4)
        let next = try #require(model.page(userID: 1, limit: 3, cursor: 4))
        #expect(next.items.map(\.video.id) == [2, 1])
        #expect(next.nextCursor == nil)
        #expect(model.page(userID: 9, limit: 3, cursor: nil) == nil)
    }

    @Test func upsertIsIdempotentAndEncodingMatchesTheContract() throws {
        let model = FeedReadModel()
        let entry = try video(5, by: 1)
        model.upsert([entry, entry])
        let page = try #require(model.page(userID: 1, limit: 10, cursor: nil))
        #expect(page.items.count == 1)
        let body = FeedRoutes.encode(page)
        #expect(
            String(buffer: body)
                == #"{"items":[{"bytes":1,"duration_s":null,"id":5,"renditions":[],"sha256":"x","status":"ready","title":"v5","user_id":1}],"next_cursor":null}"#
        )
    }
}
