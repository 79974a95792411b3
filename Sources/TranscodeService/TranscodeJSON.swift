import VideoContract

/// The body of `POST /api/transcode`.
struct TranscodeRequestJSON: Decodable {
    let videoID: Int64
    let renditions: [String]

    enum CodingKeys: String, CodingKey {
        case renditions
        case videoID = "video_id"
    }
}
