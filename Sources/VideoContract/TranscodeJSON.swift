/// The answer to `POST /api/transcode` (`202`), the same from legacy and the new transcode service.
package struct TranscodeAcceptedJSON: Encodable, Sendable {
    package let jobID: Int64
    package let videoID: Int64
    package let status: String

    package init(jobID: Int64, videoID: Int64, status: String) {
        self.jobID = jobID
        self.videoID = videoID
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case status
        case jobID = "job_id"
        case videoID = "video_id"
    }
}

/// A transcode job as `GET /api/transcode/{job}` shows it, the same from legacy and the new service.
package struct TranscodeJobJSON: Encodable, Sendable {
    package let jobID: Int64
    package let videoID: Int64
    /// `queued`, `running`, `done` or `failed`.
    package let status: String
    /// 0.0 to 1.0.
    package let progress: Double
    /// The renditions finished so far.
    package let renditions: [RenditionJSON]

    package init(jobID: Int64, videoID: Int64, status: String, progress: Double, renditions: [RenditionJSON]) {
        self.jobID = jobID
        self.videoID = videoID
        self.status = status
        self.progress = progress
        self.renditions = renditions
    }

    enum CodingKeys: String, CodingKey {
        case status, progress, renditions
        case jobID = "job_id"
        case videoID = "video_id"
    }
}
