import Foundation

/// How an upload's body is framed, decided from its Content-Type.
///
/// Shared by the legacy stub and the upload service so both classify (and reject) alike.
package enum UploadContentType: Equatable {
    /// The body is the video itself (`video/*`).
    case raw
    /// `multipart/form-data` with this boundary.
    case multipart(boundary: String)

    /// Classifies `header`; anything else is a 415.
    package init(header: String?) throws {
        let parts = (header ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let mediaType = parts.first?.lowercased() ?? ""
        if mediaType.hasPrefix("video/"), mediaType.count > "video/".count {
            self = .raw
        } else if mediaType == "multipart/form-data" {
            guard let boundary = Self.parameter("boundary", in: parts.dropFirst()), !boundary.isEmpty,
                boundary.count <= 200
            else {
                throw APIError.badRequest("bad_multipart", "multipart/form-data needs a boundary parameter.")
            }
            self = .multipart(boundary: boundary)
        } else {
            throw APIError.unsupportedMediaType(
                "Upload with Content-Type video/* (title in ?title=) or multipart/form-data (fields title and file), not '\(header ?? "")'."
            )
        }
    }

    /// The value of `name=value` among header parameters, unquoted.
    package static func parameter(_ name: String, in parameters: some Sequence<String>) -> String? {
        for parameter in parameters {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            let key = parameter[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            guard key == name else { continue }
            var value = parameter[parameter.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }
}
