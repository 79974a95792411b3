import Foundation
import Hummingbird
import ServiceSupport
import VideoContract

/// `POST /api/videos`: a raw (`video/*`) or multipart upload, streamed to disk one upload at a time.
struct UploadRoutes {
    let dependencies: StubDependencies

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/videos", use: upload)
    }

    @Sendable func upload(request: Request, context: BasicRequestContext) async throws -> Response {
        let configuration = dependencies.configuration
        let claims = try dependencies.signer.verify(request: request)
        guard let userID = claims.userID, try await dependencies.store.userExists(id: userID) else {
            throw APIError.unauthorized("The token's user does not exist; log in again.", code: "invalid_token")
        }
        let contentType = try UploadContentType(header: request.headers[.contentType])
        let rawTitle = RequestInput.query("title", in: request)
        if contentType == .raw, rawTitle?.isEmpty ?? true {
            throw APIError.badRequest("missing_title", "Give the video a title: POST /api/videos?title=TEXT.")
        }
        if let length = request.headers[.contentLength].flatMap({ Int64($0) }), length > configuration.maxUploadBytes {
            throw APIError.payloadTooLarge(limit: configuration.maxUploadBytes)
        }

        return try await dependencies.uploadGate.run {
            let file: SpooledFile
            let title: String
            switch contentType {
            case .raw:
                file = try await UploadSpool.receive(
                    request.body,
                    into: configuration.temporaryDirectory,
                    maxBytes: configuration.maxUploadBytes
                )
                title = rawTitle ?? ""
            case .multipart(let boundary):
                let reader = MultipartUploadReader(
                    boundary: boundary,
                    temporaryDirectory: configuration.temporaryDirectory,
                    maxBytes: configuration.maxUploadBytes
                )
                let result = try await reader.receive(request.body)
                guard let field = result.fields["title"]?.trimmingCharacters(in: .whitespacesAndNewlines),
                    !field.isEmpty
                else {
                    result.file.remove()
                    throw APIError.badRequest("missing_title", "The multipart body needs a non-empty 'title' field.")
                }
                file = result.file
                title = field
            }
            if request.isMirrored {
                // A mirrored copy (the proxy's reverse shadow after upload moved to the new service):
                // answer alike, keep it dark. Nothing is stored, so the feed never sees it.
                file.remove()
                let dark = UploadedVideoJSON(
                    id: 0,
                    userID: userID,
                    title: title,
                    bytes: file.bytes,
                    sha256: file.sha256,
                    status: "uploaded",
                    createdAt: Timestamp.string(Date())
                )
                return try dependencies.replies.json(dark, status: .created)
            }
            do {
                let video = try await dependencies.store.insertUpload(
                    userID: userID,
                    title: title,
                    file: file,
                    createdAt: Timestamp.string(Date()),
                    mediaPath: { configuration.mediaPath(videoID: $0, rendition: "original") }
                )
                return try dependencies.replies.json(video, status: .created)
            } catch {
                file.remove()
                throw error
            }
        }
    }
}
