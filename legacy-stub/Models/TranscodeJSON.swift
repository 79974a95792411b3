import Foundation
import VideoContract

/// The renditions the stub can produce, with their nominal sizes.
struct RenditionSpec: Sendable, Equatable {
    let name: String
    let width: Int
    let height: Int

    /// Every known rendition, smallest first.
    static let all = [
        RenditionSpec(name: "360p", width: 640, height: 360),
        RenditionSpec(name: "720p", width: 1280, height: 720),
    ]

    /// The rendition called `name`, if known.
    static func named(_ name: String) -> RenditionSpec? {
        all.first { $0.name == name }
    }
}

/// The answer to `POST /api/transcode` (`202`).
struct TranscodeAcceptedJSON: Encodable, Sendable {
    let jobID: Int64
    let videoID: Int64
    let status: String

    enum CodingKeys: String, CodingKey {
        case status
        case jobID = "job_id"
        case videoID = "video_id"
    }
}

/// A transcode job as `GET /api/transcode/{job}` shows it.
struct TranscodeJobJSON: Encodable, Sendable {
    let jobID: Int64
    let videoID: Int64
    /// `queued`, `running`, `done` or `failed`.
    let status: String
    /// 0.0 to 1.0.
    let progress: Double
    /// The renditions finished so far.
    let renditions: [RenditionJSON]

    enum CodingKeys: String, CodingKey {
        case status, progress, renditions
        case jobID = "job_id"
        case videoID = "video_id"
    }
}
