import Foundation
import VideoContract

/// A video in the read model: the decoded object (to apply updates) and its pre-encoded JSON,
/// byte-for-byte what the monolith writes for it, so a feed page is a concatenation.
struct FeedVideo: Sendable {
    let video: VideoJSON
    let json: [UInt8]

    init(_ video: VideoJSON) throws {
        self.video = video
        self.json = Array(try Self.encoder.encode(video))
    }

    init(video: VideoJSON, json: [UInt8]) {
        self.video = video
        self.json = json
    }

    /// Same settings as `ServiceSupport.JSONResponse`.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
