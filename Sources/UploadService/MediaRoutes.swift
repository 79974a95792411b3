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
        var headers: HTTPFields = [.contentType: "video/mp4", .acceptRanges: "bytes"]
        switch ByteRange.parse(request.headers[.range], size: size) {
        case .whole:
            let body = size == 0 ? ResponseBody() : try await fileIO.loadFile(path: path, context: context)
            return Response(status: .ok, headers: headers, body: body)
        case .partial(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            let body = try await fileIO.loadFile(
                path: path,
                range: Int(range.lowerBound)...Int(range.upperBound),
                context: context
            )
            return Response(status: .partialContent, headers: headers, body: body)
        case .unsatisfiable:
            throw APIError(
                status: .rangeNotSatisfiable,
                code: "range_not_satisfiable",
                message: "The requested range is outside the file's \(size) bytes.",
                headers: [.contentRange: "bytes */\(size)", .acceptRanges: "bytes"]
            )
        }
    }

    /// The first existing regular file for the rendition, with its size.
    private func locate(videoID: Int64, rendition: String) async throws -> (String, Int64)? {
        let configuration = dependencies.configuration
        var candidates: [String] = []
        if try await dependencies.store.hasVideo(id: videoID) {
            if rendition != "original", let directory = try await dependencies.store.mediaDirectory(videoID: videoID) {
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

/// A parsed `Range` request header, for a single `bytes` range (same rules as the monolith).
enum ByteRange: Equatable {
    /// No usable Range header (absent, not `bytes`, or several ranges): send the whole file.
    case whole
    /// Send these bytes (inclusive bounds).
    case partial(ClosedRange<Int64>)
    /// The range lies outside the file: 416.
    case unsatisfiable

    /// Parses `bytes=A-B`, `bytes=A-` and `bytes=-N` against a file of `size` bytes.
    static func parse(_ header: String?, size: Int64) -> ByteRange {
        guard let header else { return .whole }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes=") else { return .whole }
        let spec = trimmed.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        switch (Int64(first), Int64(last)) {
        case (let start?, nil) where last.isEmpty:
            return start < size ? .partial(start...(size - 1)) : .unsatisfiable
        case (let start?, let end?) where start <= end:
            return start < size ? .partial(start...min(end, size - 1)) : .unsatisfiable
        case (nil, let suffix?) where first.isEmpty:
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - suffix)...(size - 1))
        default:
            return .whole
        }
    }
}
