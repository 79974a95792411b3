import Foundation
import Hummingbird
import ServiceSupport
import _NIOFileSystem

/// `GET /media/{video}/{rendition}.mp4`: the stored file, streamed, with single-range support.
///
/// Files are looked up in this service's folder (or the folder a transcode service reported
/// for the video), then read-through in the monolith's media folder.
struct MediaRoutes {
    let dependencies: UploadDependencies
    let fileIO = FileIO()

    /// File names served per video: the upload itself and each rendition.
    static let renditionNames: Set<String> = ["original", "360p", "720p"]

    func register(on router: Router<BasicRequestContext>) {
        router.get("/media/:video/:file", use: media)
    }

    @Sendable func media(request: Request, context: BasicRequestContext) async throws -> Response {
        let file = context.parameters.get("file") ?? ""
        let rendition = String(file.dropLast(4))
        guard let videoID = Int64(context.parameters.get("video") ?? ""), videoID > 0, file.hasSuffix(".mp4"),
            Self.renditionNames.contains(rendition)
        else {
            throw APIError.notFound("No media file at \(request.uri.path).")
        }
        guard let (path, size) = try await locate(videoID: videoID, rendition: rendition) else {
            throw APIError.notFound("No media file at \(request.uri.path).")
        }
        return try await fileIO.mediaResponse(path: path, size: size, request: request, context: context)
    }

    /// The first existing regular file for the rendition, with its size.
    private func locate(videoID: Int64, rendition: String) async throws -> (String, Int64)? {
        let configuration = dependencies.configuration
        var candidates: [String] = []
        if let folder = try await dependencies.store.renditionFolder(videoID: videoID) {
            if rendition != "original", let directory = folder.reported {
                candidates.append("\(directory)/\(rendition).mp4")
            }
            candidates.append(configuration.mediaPath(videoID: videoID, rendition: rendition))
        } else if let legacy = configuration.legacyMediaPath(videoID: videoID, rendition: rendition) {
            candidates.append(legacy)
        }
        for path in candidates {
            if let info = try await FileSystem.shared.info(forFileAt: FilePath(path)), info.type == .regular {
                return (path, info.size)
            }
        }
        return nil
    }
}
