import NIOHTTP1

/// Checks a parsed request head for the framing ambiguities that enable request smuggling.
///
/// The HTTP parser already rejects malformed chunk sizes and most malformed heads; these checks close
/// what a parser may legally accept but a proxy must not forward, because the upstream could frame the
/// message differently than we do.
enum RequestValidation {
    /// Returns the error to answer with, or `nil` when the head can be forwarded.
    static func check(_ head: HTTPRequestHead) -> ProxyError? {
        var contentLengths: [Substring] = []
        var transferEncodings: [Substring] = []
        var hostCount = 0
        for (name, value) in head.headers {
            if HeaderName.matches(name, "content-length") {
                contentLengths.append(contentsOf: value.split(separator: ",", omittingEmptySubsequences: false))
            } else if HeaderName.matches(name, "transfer-encoding") {
                transferEncodings.append(contentsOf: value.split(separator: ",", omittingEmptySubsequences: false))
            } else if HeaderName.matches(name, "host") {
                hostCount += 1
            }
        }
        if !contentLengths.isEmpty && !transferEncodings.isEmpty {
            return .badRequest("a request must not carry both Content-Length and Transfer-Encoding")
        }
        if !contentLengths.isEmpty {
            let values = contentLengths.map { $0.trimmingSpaces }
            guard values.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }) else {
                return .badRequest("Content-Length must be a decimal number")
            }
            guard values.allSatisfy({ $0 == values[0] }) else {
                return .badRequest("conflicting Content-Length values")
            }
        }
        if !transferEncodings.isEmpty {
            guard transferEncodings.count == 1, transferEncodings[0].trimmingSpaces.lowercased() == "chunked" else {
                return .badRequest("only 'Transfer-Encoding: chunked' is accepted")
            }
        }
        if head.version.major == 1 && head.version.minor >= 1 && hostCount != 1 {
            return .badRequest("an HTTP/1.1 request needs exactly one Host header")
        }
        return nil
    }

    /// The declared body length, when the request has a Content-Length.
    static func contentLength(_ head: HTTPRequestHead) -> Int? {
        head.headers.first(name: "content-length").flatMap { Int($0.split(separator: ",")[0].trimmingSpaces) }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
