import Foundation
import VideoContract

/// What the route handlers share.
struct TranscodeDependencies: Sendable {
    let configuration: TranscodeServiceConfiguration
    let store: TranscodeStore
    let legacy: LegacyDatabase?
    let scheduler: JobScheduler
    let board: ProgressBoard

    /// Videos already located (see `enqueue`).
    let originals = KnownOriginals()

    /// Queues a job for video `videoID` and returns its id, or nil when the video is unknown. The original is
    /// the one a `video.uploaded` event named, else the one in the legacy folder (owner from the legacy
    /// database when it is there); found and queued in one database transaction, and remembered once found: new
    /// uploads get ids of their own (above legacy's), so a located id never changes its original.
    func enqueue(videoID: Int64, renditions: [String], shadow: Bool) async throws -> Int64? {
        let configuration = self.configuration
        let legacy = self.legacy
        guard
            let (jobID, original) = try await store.enqueue(
                videoID: videoID,
                renditions: renditions,
                shadow: shadow,
                known: originals[videoID],
                elsewhere: { id in try Self.legacyOriginal(videoID: id, configuration: configuration, legacy: legacy) }
            )
        else { return nil }
        // Legacy moves a file into place before its row commits: an owner not known yet is asked again later.
        if original.userID != nil { originals.remember(original, for: videoID) }
        return jobID
    }

    /// Video `videoID`'s original in the legacy folder, with its owner when legacy's database has the row.
    private static func legacyOriginal(
        videoID: Int64,
        configuration: TranscodeServiceConfiguration,
        legacy: LegacyDatabase?
    ) throws -> KnownOriginals.Original? {
        guard let path = configuration.legacyOriginal(videoID: videoID) else { return nil }
        let owner = try legacy?.videoOwner(id: videoID)
        guard owner != nil || FileManager.default.fileExists(atPath: path) else { return nil }
        return .init(path: path, userID: owner)
    }
}
