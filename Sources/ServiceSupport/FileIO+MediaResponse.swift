import Foundation
import Hummingbird

extension FileIO {
    /// The `video/mp4` file at `path` (`size` bytes) as a response, honouring a single `bytes`
    /// range in `request`'s `Range` header: 200 with the whole file, 206 with the range, or a
    /// 416 ``APIError`` when the range lies outside the file. Streams; never loads the file.
    package func mediaResponse(
        path: String,
        size: Int64,
        request: Request,
        context: some RequestContext
    ) async throws -> Response {
        var headers: HTTPFields = [.contentType: "video/mp4", .acceptRanges: "bytes"]
        switch ByteRange.parse(request.headers[.range], size: size) {
        case .whole:
            let body = size == 0 ? ResponseBody() : try await loadFile(path: path, context: context)
            return Response(status: .ok, headers: headers, body: body)
        case .partial(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            let body = try await loadFile(
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
}
