import Foundation
import VideoContract

/// One page of a feed.
struct FeedPageJSON: Encodable, Sendable {
    let items: [VideoJSON]
    /// The last item's id as a decimal string, or null on the last page.
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
