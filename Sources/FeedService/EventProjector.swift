import EventLog
import Foundation
import Logging
import VideoContract

/// Feeds the read model from the event log: `video.uploaded` adds a video, `video.transcoded`
/// updates its status, duration and renditions. Idempotent (upserts by id), so redelivery is harmless.
struct EventProjector: Sendable {
    let store: FeedStore
    let model: FeedReadModel
    let log: any EventLog
    let pollInterval: Duration
    let logger: Logger

    /// Consumes until the task is cancelled.
    func run() async {
        do {
            let group = try await store.consumerGroup()
            let consumer = EventConsumer(
                log: log,
                group: group,
                types: [EventType.videoUploaded, EventType.videoTranscoded],
                pollInterval: pollInterval
            )
            try await consumer.run { event in try await self.handle(event) }
        } catch {
            logger.error("feed event consumer stopped: \(error)")
        }
    }

    /// Applies one event to the store, then the model.
    func handle(_ event: Event) async throws {
        let decoder = JSONDecoder()
        let video: VideoJSON
        switch event.type {
        case EventType.videoUploaded:
            guard let payload = try? decoder.decode(VideoUploadedPayload.self, from: event.payload) else {
                logger.warning("skipping malformed video.uploaded event at offset \(event.offset)")
                return
            }
            let uploaded = payload.video
            video = VideoJSON(
                id: uploaded.id,
                userID: uploaded.userID,
                title: uploaded.title,
                bytes: uploaded.bytes,
                sha256: uploaded.sha256,
                status: uploaded.status,
                durationSeconds: nil,
                renditions: []
            )
        case EventType.videoTranscoded:
            guard let payload = try? decoder.decode(VideoTranscodedPayload.self, from: event.payload) else {
                logger.warning("skipping malformed video.transcoded event at offset \(event.offset)")
                return
            }
            guard var known = model.video(id: payload.videoID)?.video else { return }
            known.status = payload.status
            known.durationSeconds = payload.durationSeconds
            known.renditions = payload.renditions.sorted { ($0.height, $0.name) < ($1.height, $1.name) }
            video = known
        default:
            return
        }
        // Shown first, then saved: if the save fails the handler throws and the event is retried,
        // and its offset is not committed before the save succeeded, so a restart replays it.
        let entry = try FeedVideo(video)
        model.upsert([entry])
        try await store.save(videos: [entry])
    }
}
