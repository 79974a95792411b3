import Foundation
import HTTPTypes
import Hummingbird
import ServiceSupport
import VideoContract

/// `POST /api/transcode` queues a job; `GET /api/transcode/{job}` shows its status and progress.
struct TranscodeRoutes {
    /// Rendition names the contract knows (legacy answers `unknown_rendition` for others).
    static let knownRenditions = ["360p", "720p"]

    let dependencies: TranscodeDependencies

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/transcode", use: create)
        router.get("/api/transcode/:job", use: job)
    }

    @Sendable func create(request: Request, context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        let input: TranscodeRequestJSON
        do {
            input = try JSONDecoder().decode(TranscodeRequestJSON.self, from: Data(body.readableBytesView))
        } catch {
            throw APIError.badRequest("bad_json", "The body must be a JSON object: \(Self.describe(error))")
        }
        guard !input.renditions.isEmpty else {
            throw APIError.badRequest("missing_renditions", "List at least one rendition, e.g. [\"360p\", \"720p\"].")
        }
        var names: [String] = []
        for name in input.renditions {
            guard Self.knownRenditions.contains(name) else {
                let known = Self.knownRenditions.joined(separator: ", ")
                throw APIError.badRequest("unknown_rendition", "Unknown rendition '\(name)'; known: \(known).")
            }
            if !names.contains(name) { names.append(name) }
        }
        guard
            let jobID = try await dependencies.enqueue(
                videoID: input.videoID,
                renditions: names,
                shadow: request.isMirrored
            )
        else {
            throw APIError.notFound("No video has id \(input.videoID).")
        }
        dependencies.scheduler.wake()
        return try JSONResponse.make(
            TranscodeAcceptedJSON(jobID: jobID, videoID: input.videoID, status: "queued"),
            status: .accepted
        )
    }

    @Sendable func job(request: Request, context: BasicRequestContext) async throws -> Response {
        let text = context.parameters.get("job") ?? ""
        guard let id = Int64(text), id > 0 else {
            throw APIError.badRequest("bad_id", "'\(text)' is not a valid id; ids are positive integers.")
        }
        let mirrored = request.isMirrored
        guard let (job, stored) = try await dependencies.store.job(id: id), !job.shadow || mirrored else {
            // A job legacy ran before the move: answered from legacy's data, as legacy would. Not for a
            // mirrored copy, which must be asked about this service's own job (the proxy's `shadow.ids`).
            if !mirrored, let legacyJob = try await dependencies.legacy?.transcodeJob(id: id) {
                return try JSONResponse.make(legacyJob)
            }
            throw APIError.notFound("No transcode job has id \(id).")
        }
        let renditions = stored.map {
            RenditionJSON(
                name: $0.name,
                width: $0.width,
                height: $0.height,
                bytes: $0.bytes,
                url: "/media/\(job.videoID)/\($0.name).mp4"
            )
        }
        let progress = job.status == "running" ? dependencies.board.progress(id) ?? job.progress : job.progress
        return try JSONResponse.make(
            TranscodeJobJSON(
                jobID: id,
                videoID: job.videoID,
                status: job.status,
                progress: (progress * 1000).rounded() / 1000,
                renditions: renditions
            )
        )
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing field '\(key.stringValue)'."
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'."
        default: "it could not be parsed."
        }
    }
}
