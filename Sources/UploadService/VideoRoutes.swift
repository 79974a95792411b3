import Foundation
import Hummingbird
import ServiceSupport
import VideoContract

/// `GET /api/videos/{id}`: this service's videos, then (read-through, read-only) the monolith's.
struct VideoRoutes {
    let dependencies: UploadDependencies

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/videos/:id", use: video)
    }

    @Sendable func video(request: Request, context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.id("id", in: context)
        if let video = try await dependencies.store.video(id: id, orLegacy: dependencies.legacy) {
            return try JSONResponse.make(video)
        }
        throw APIError.notFound("No video has id \(id).")
    }
}
