import EventLog
import Foundation
import Logging
import MediaKit
import VideoContract

/// Runs one job with MediaKit, records its renditions and announces them with `video.transcoded`.
struct JobRunner: Sendable {
    let configuration: TranscodeServiceConfiguration
    let store: TranscodeStore
    let log: any EventLog
    let board: ProgressBoard
    let logger: Logger

    func run(_ job: JobRecord) async {
        var transcoding = configuration.transcoding
        transcoding.renditions = job.renditions.compactMap(Rendition.named)
        let output = configuration.mediaDirectory(videoID: job.videoID, shadow: job.shadow)
        let work = configuration.workDirectory(jobID: job.id)
        board.set(job.id, 0)
        defer { board.remove(job.id) }
        do {
            let report = try await Transcoder(configuration: transcoding).transcode(
                input: job.sourcePath,
                outputDirectory: output,
                workDirectory: work,
                progress: { [board] in board.set(job.id, $0.fraction) }
            )
            try await store.complete(
                jobID: job.id,
                renditions: report.outputs.map { ($0.name, $0.width, $0.height, $0.bytes) }
            )
            logger.info(
                "job \(job.id) done",
                metadata: [
                    "video": "\(job.videoID)", "seconds": "\(report.totalSeconds)", "chunks": "\(report.chunkCount)",
                ]
            )
            await announce(job, duration: report.source.video.duration)
        } catch let error as MediaError where error.code == .cancelled {
            // Shutting down: the job stays `running` and is resumed from its chunks at the next start.
        } catch {
            logger.warning("job \(job.id) failed: \(error)")
            try? await store.fail(jobID: job.id, message: "\(error)")
            try? FileManager.default.removeItem(atPath: work)
        }
    }

    /// Appends `video.transcoded` for a done job (live jobs with a known owner only), then marks it announced.
    func announce(_ job: JobRecord, duration: Double?) async {
        guard !job.shadow, let userID = job.userID else { return }
        do {
            let renditions = try await store.renditions(videoID: job.videoID).map {
                VideoTranscodedPayload.Rendition(
                    name: $0.name,
                    width: $0.width,
                    height: $0.height,
                    bytes: $0.bytes,
                    url: "/media/\(job.videoID)/\($0.name).mp4"
                )
            }
            let directory = URL(fileURLWithPath: configuration.mediaDirectory(videoID: job.videoID)).standardizedFileURL
            let payload = VideoTranscodedPayload(
                videoID: job.videoID,
                userID: userID,
                status: "ready",
                durationSeconds: duration,
                renditions: renditions,
                mediaDirectory: directory.path
            )
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            _ = try await log.append(
                type: EventType.videoTranscoded,
                key: String(userID),
                payload: try encoder.encode(payload)
            )
            try await store.markAnnounced(jobID: job.id)
        } catch {
            logger.error("cannot announce job \(job.id): \(error); retried at the next start")
        }
    }
}
