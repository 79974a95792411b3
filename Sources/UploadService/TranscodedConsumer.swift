import EventLog
import Foundation
import Logging
import VideoContract

/// Keeps `GET /api/videos/{id}` current: applies `video.transcoded` events (status, duration,
/// renditions) to this service's videos. Idempotent, so redelivery is harmless.
struct TranscodedConsumer: Sendable {
    /// The consumer group this service reads the log as.
    static let group = "upload-service"

    let store: UploadStore
    let log: any EventLog
    let logger: Logger

    /// Consumes until the task is cancelled.
    func run() async {
        let consumer = EventConsumer(log: log, group: Self.group, types: [EventType.videoTranscoded])
        let store = self.store
        let logger = self.logger
        do {
            try await consumer.run { event in
                guard let payload = try? JSONDecoder().decode(VideoTranscodedPayload.self, from: event.payload) else {
                    logger.warning("skipping malformed video.transcoded event at offset \(event.offset)")
                    return
                }
                try await store.apply(payload)
            }
        } catch {
            logger.error("video.transcoded consumer stopped: \(error)")
        }
    }
}
