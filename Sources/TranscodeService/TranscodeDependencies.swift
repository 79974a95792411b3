import Foundation
import VideoContract

/// What the route handlers share.
struct TranscodeDependencies: Sendable {
    let configuration: TranscodeServiceConfiguration
    let store: TranscodeStore
    let legacy: LegacyDatabase?
    let scheduler: JobScheduler
    let board: ProgressBoard

    /// Videos already located (see `locateOriginal`).
    let originals = KnownOriginals()

    /// Where video `videoID`'s original is and whose it is: from a `video.uploaded` event, else from the
    /// legacy folder (owner from the legacy database when it is there); nil when unknown. Remembered once
    /// found; new uploads get ids of their own (above legacy's), so a located id never changes its original.
    func locateOriginal(videoID: Int64) async throws -> (path: String, userID: Int64?)? {
        if let known = originals[videoID] { return (known.path, known.userID) }
        let found: KnownOriginals.Original
        if let known = try await store.video(id: videoID) {
            found = .init(path: known.sourcePath, userID: known.userID)
        } else {
            guard let path = configuration.legacyOriginal(videoID: videoID) else { return nil }
            let owner = try await legacy?.video(id: videoID)?.userID
            guard owner != nil || FileManager.default.fileExists(atPath: path) else { return nil }
            found = .init(path: path, userID: owner)
        }
        // Legacy moves a file into place before its row commits: an owner not known yet is asked again later.
        if found.userID != nil { originals.remember(found, for: videoID) }
        return (found.path, found.userID)
    }
}
