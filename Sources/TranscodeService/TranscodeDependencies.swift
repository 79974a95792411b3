import Foundation
import VideoContract

/// What the route handlers share.
struct TranscodeDependencies: Sendable {
    let configuration: TranscodeServiceConfiguration
    let store: TranscodeStore
    let legacy: LegacyDatabase?
    let scheduler: JobScheduler
    let board: ProgressBoard

    /// Where video `videoID`'s original is and whose it is: from a `video.uploaded` event, else from the
    /// legacy folder (owner from the legacy database when it is there); nil when unknown.
    func locateOriginal(videoID: Int64) async throws -> (path: String, userID: Int64?)? {
        if let known = try await store.video(id: videoID) {
            return (known.sourcePath, known.userID)
        }
        guard let path = configuration.legacyOriginal(videoID: videoID) else { return nil }
        let owner = try await legacy?.video(id: videoID)?.userID
        guard owner != nil || FileManager.default.fileExists(atPath: path) else { return nil }
        return (path, owner)
    }
}
