import Foundation

/// A parsed `Range` request header, for a single `bytes` range (the monolith's rules).
package enum ByteRange: Equatable {
    /// No usable Range header (absent, not `bytes`, or several ranges): send the whole file.
    case whole
    /// Send these bytes (inclusive bounds).
    case partial(ClosedRange<Int64>)
    /// The range lies outside the file: 416.
    case unsatisfiable

    /// Parses `bytes=A-B`, `bytes=A-` and `bytes=-N` against a file of `size` bytes.
    package static func parse(_ header: String?, size: Int64) -> ByteRange {
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
