/// A request target reduced to origin form (`/path?query`), which is all an upstream ever sees.
///
/// An absolute-form target (`GET http://elsewhere/x`) is accepted as RFC 9112 requires, but only its
/// path and query are kept: the proxy decides the upstream from the route table, never from the target,
/// so such a request cannot reach another host.
struct RequestTarget: Sendable, Equatable {
    /// The target to send upstream: `/path?query`, or `*` for `OPTIONS *`.
    let uri: String
    /// Length in UTF-8 bytes of the path part of ``uri`` (up to `?`).
    let pathLength: Int

    /// The path without the query string.
    var path: Substring {
        let utf8 = self.uri.utf8
        return Substring(utf8[utf8.startIndex..<utf8.index(utf8.startIndex, offsetBy: self.pathLength)])
    }

    /// Parses a request target; `nil` for anything that is neither origin, absolute (http/https) nor
    /// asterisk form.
    init?(_ raw: String, isOptions: Bool) {
        var uri = raw
        if raw.utf8.first != UInt8(ascii: "/") {
            if raw == "*" {
                guard isOptions else { return nil }
                self.uri = "*"
                self.pathLength = 1
                return
            }
            guard let rest = Self.stripScheme(raw) else { return nil }
            if let slash = rest.utf8.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) {
                let tail = Substring(rest.utf8[slash...])
                uri = tail.first == "?" ? "/" + tail : String(tail)
            } else {
                uri = "/"
            }
        }
        var pathLength = 0
        for byte in uri.utf8 {
            if byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            guard byte > 0x20, byte != 0x7F else { return nil }
            pathLength += 1
        }
        self.uri = uri
        self.pathLength = pathLength
    }

    private static func stripScheme(_ raw: String) -> Substring? {
        for scheme in ["http://", "https://"] {
            if raw.utf8.count > scheme.utf8.count, raw.lowercased().hasPrefix(scheme) {
                return Substring(raw.utf8.dropFirst(scheme.utf8.count))
            }
        }
        return nil
    }
}
