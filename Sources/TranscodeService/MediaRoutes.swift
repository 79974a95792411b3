import Foundation
import Hummingbird
import ServiceSupport
import _NIOFileSystem

/// `GET /media/{video}/{rendition}.mp4`: a rendition this service produced, with single-range support.
struct MediaRoutes {
    let dependencies: TranscodeDependencies
    let fileIO = FileIO()

    func register(on router: Router<BasicRequestContext>) {
        router.get("/media/:video/:file", use: media)
    }

    @Sendable func media(request: Request, context: BasicRequestContext) async throws -> Response {
        let file = context.parameters.get("file") ?? ""
        let name = String(file.dropLast(4))
        guard let videoID = Int64(context.parameters.get("video") ?? ""), videoID > 0, file.hasSuffix(".mp4"),
            name.hasSuffix("p"), Int(name.dropLast()) != nil
        else {
            throw APIError.notFound("No media file at \(request.uri.path).")
        }
        let path = "\(dependencies.configuration.mediaDirectory(videoID: videoID))/\(name).mp4"
        guard let info = try await FileSystem.shared.info(forFileAt: FilePath(path)), info.type == .regular else {
            throw APIError.notFound("No media file at \(request.uri.path).")
        }
        return try await self.fileIO.mediaResponse(path: path, size: info.size, request: request, context: context)
    }
}
