import EventLog
import Foundation
import Logging
import VideoContract

/// Queues a transcode for every `video.uploaded` event (when auto-transcode is on) and remembers
/// every uploaded video's owner and original. Idempotent: a redelivered event queues nothing new.
struct UploadedConsumer: Sendable {
    /// The consumer group this service reads the log as.
    static let group = "transcode-service"

    let configuration: TranscodeServiceConfiguration
    let store: TranscodeStore
    let log: any EventLog
    let scheduler: JobScheduler
    let logger: Logger

    /// Consumes until the task is cancelled.
    func run() async {
        let consumer = EventConsumer(log: log, group: Self.group, types: [EventType.videoUploaded])
        do {
            try await consumer.run { event in
                guard let payload = try? JSONDecoder().decode(VideoUploadedPayload.self, from: event.payload) else {
                    logger.warning("skipping malformed video.uploaded event at offset \(event.offset)")
                    return
                }
                try await store.rememberVideo(
                    id: payload.video.id,
                    userID: payload.video.userID,
                    sourcePath: payload.mediaPath
                )
                guard configuration.autoTranscode else { return }
                _ = try await store.enqueue(
                    videoID: payload.video.id,
                    userID: payload.video.userID,
                    sourcePath: payload.mediaPath,
                    renditions: configuration.autoRenditions,
                    shadow: false,
                    eventOffset: event.offset
                )
                scheduler.wake()
            }
        } catch {
            logger.error("video.uploaded consumer stopped: \(error)")
        }
    }
}
