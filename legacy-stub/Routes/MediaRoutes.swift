import Foundation
import Hummingbird
import ServiceSupport
import _NIOFileSystem

/// `GET /media/{video}/{rendition}.mp4`: the stored file, streamed, with single-range support.
struct MediaRoutes {
    let dependencies: StubDependencies
    let fileIO = FileIO()

    /// File names served per video: the upload itself and each rendition.
    static let renditionNames = ["original"] + RenditionSpec.all.map(\.name)

    func register(on router: Router<BasicRequestContext>) {
        router.get("/media/:video/:file", use: media)
    }

    @Sendable func media(request: Request, context: BasicRequestContext) async throws -> Response {
        let file = context.parameters.get("file") ?? ""
        guard let videoID = Int64(context.parameters.get("video") ?? ""), videoID > 0, file.hasSuffix(".mp4"),
            Self.renditionNames.contains(String(file.dropLast(4)))
        else {
            throw APIError.notFound("No media file at \(request.uri.path).")
        }
        let path = dependencies.configuration.mediaPath(videoID: videoID, rendition: String(file.dropLast(4)))
        guard let info = try await FileSystem.shared.info(forFileAt: FilePath(path)), info.type == .regular else {
            throw APIError.notFound("No media file at \(request.uri.path).")
        }
        return try await fileIO.mediaResponse(path: path, size: info.size, request: request, context: context)
    }
}
