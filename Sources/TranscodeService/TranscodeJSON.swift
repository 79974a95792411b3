import VideoContract

/// The answer to `POST /api/transcode` (`202`), shaped like legacy's.
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

/// A job as `GET /api/transcode/{job}` shows it, shaped like legacy's.
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

/// The body of `POST /api/transcode`.
struct TranscodeRequestJSON: Decodable {
    let videoID: Int64
    let renditions: [String]

    enum CodingKeys: String, CodingKey {
        case renditions
        case videoID = "video_id"
    }
}
