import Foundation
import Hummingbird
import ServiceSupport
import VideoContract

/// Transcode jobs: queue one, then poll it.
struct TranscodeRoutes {
    let dependencies: StubDependencies

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/transcode", use: create)
        router.get("/api/transcode/:job", use: job)
    }

    private struct TranscodeRequest: Decodable {
        let videoID: Int64
        let renditions: [String]

        enum CodingKeys: String, CodingKey {
            case renditions
            case videoID = "video_id"
        }
    }

    @Sendable func create(request: Request, context: BasicRequestContext) async throws -> Response {
        let input = try await RequestInput.json(TranscodeRequest.self, from: request, context: context)
        guard !input.renditions.isEmpty else {
            throw APIError.badRequest("missing_renditions", "List at least one rendition, e.g. [\"360p\", \"720p\"].")
        }
        var specs: [RenditionSpec] = []
        for name in input.renditions {
            guard let spec = RenditionSpec.named(name) else {
                let known = RenditionSpec.all.map(\.name).joined(separator: ", ")
                throw APIError.badRequest("unknown_rendition", "Unknown rendition '\(name)'; known: \(known).")
            }
            if !specs.contains(spec) { specs.append(spec) }
        }
        guard
            let jobID = try await dependencies.store.createTranscodeJob(
                videoID: input.videoID,
                renditions: specs,
                shadow: request.isMirrored
            )
        else {
            throw APIError.notFound("No video has id \(input.videoID).")
        }
        dependencies.transcodeWorker.wake()
        return try dependencies.replies.json(
            TranscodeAcceptedJSON(jobID: jobID, videoID: input.videoID, status: "queued"),
            status: .accepted
        )
    }

    @Sendable func job(request: Request, context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.id("job", in: context)
        // A mirrored copy may ask for a shadow job; users only ever see live ones.
        guard let job = try await dependencies.store.transcodeJob(id: id, includeShadow: request.isMirrored) else {
            throw APIError.notFound("No transcode job has id \(id).")
        }
        return try dependencies.replies.json(job)
    }
}
