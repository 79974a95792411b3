import Foundation
import Hummingbird
import ServiceSupport
import VideoContract

/// `POST /api/videos`: a raw (`video/*`) or multipart upload, streamed to disk with its SHA-256.
///
/// Unlike the monolith, uploads run concurrently. Checks happen in the monolith's order (token,
/// user, content type, title, declared length) so that bad requests get the same answer.
struct UploadRoutes {
    let dependencies: UploadDependencies

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/videos", use: upload)
    }

    @Sendable func upload(request: Request, context: BasicRequestContext) async throws -> Response {
        let configuration = dependencies.configuration
        let claims = try dependencies.signer.verify(request: request)
        guard let userID = claims.userID, userID > 0, try await userExists(userID) else {
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
        let (file, title) = try await receive(request.body, contentType: contentType, rawTitle: rawTitle)
        do {
            let createdAt = ContractTimestamp.string(Date())
            let video: UploadedVideoJSON
            if request.isMirrored {
                video = try await dependencies.store.insertShadowUpload(
                    userID: userID,
                    title: title,
                    file: file,
                    createdAt: createdAt,
                    requestID: request.headers[.requestID],
                    shadowPath: { configuration.shadowPath(shadowID: $0) }
                )
            } else {
                video = try await dependencies.store.insertUpload(
                    userID: userID,
                    title: title,
                    file: file,
                    createdAt: createdAt,
                    mediaPath: { configuration.mediaPath(videoID: $0, rendition: "original") }
                )
                dependencies.relay.wake()
            }
            return try JSONResponse.make(video, status: .created)
        } catch {
            file.remove()
            throw error
        }
    }

    /// Streams the body into a temporary file; returns it with the title.
    private func receive(_ body: RequestBody, contentType: UploadContentType, rawTitle: String?) async throws
        -> (SpooledFile, String)
    {
        let configuration = dependencies.configuration
        switch contentType {
        case .raw:
            let file = try await UploadSpool.receive(
                body,
                into: configuration.temporaryDirectory,
                maxBytes: configuration.maxUploadBytes
            )
            return (file, rawTitle ?? "")
        case .multipart(let boundary):
            let reader = MultipartUploadReader(
                boundary: boundary,
                temporaryDirectory: configuration.temporaryDirectory,
                maxBytes: configuration.maxUploadBytes
            )
            let result = try await reader.receive(body)
            guard let field = result.fields["title"]?.trimmingCharacters(in: .whitespacesAndNewlines), !field.isEmpty
            else {
                result.file.remove()
                throw APIError.badRequest("missing_title", "The multipart body needs a non-empty 'title' field.")
            }
            return (result.file, field)
        }
    }

    /// With a legacy folder, the user must exist there (legacy owns users); without, any id is accepted.
    private func userExists(_ userID: Int64) async throws -> Bool {
        guard let legacy = dependencies.legacy else { return true }
        return try await legacy.userExists(id: userID)
    }
}
