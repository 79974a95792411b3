import Foundation
import ServiceSupport
import VideoContract

/// A user as `GET /api/users/{id}` shows it.
struct UserJSON: Encodable, Sendable, Equatable {
    let id: Int64
    let username: String
    let displayName: String
    /// How many users follow this one.
    let followers: Int
    /// How many users this one follows.
    let following: Int

    enum CodingKeys: String, CodingKey {
        case id, username, followers, following
        case displayName = "display_name"
    }
}

/// The answer to a successful login.
struct LoginJSON: Encodable, Sendable {
    let token: String
    let userID: Int64

    enum CodingKeys: String, CodingKey {
        case token
        case userID = "user_id"
    }
}

/// One search hit: the object's own fields plus `type` (`user` or `video`).
enum SearchResultJSON: Encodable, Sendable {
    case user(UserJSON)
    case video(VideoJSON)

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .user(let user):
            try ExtraFields(base: user, extra: ["type": "user"]).encode(to: encoder)
        case .video(let video):
            try ExtraFields(base: video, extra: ["type": "video"]).encode(to: encoder)
        }
    }
}

/// `{results: [...]}`.
struct SearchJSON: Encodable, Sendable {
    let results: [SearchResultJSON]
}
