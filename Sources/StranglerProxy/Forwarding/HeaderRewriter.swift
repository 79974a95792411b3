import NIOHTTP1

/// Rewrites headers between the client and the upstream, in both directions.
enum HeaderRewriter {
    /// Headers that describe one connection, never forwarded (RFC 9110 §7.6.1).
    /// `transfer-encoding` is handled apart: it frames the body we stream.
    private static let hopByHop: Set<String> = [
        "connection", "keep-alive", "te", "trailer", "upgrade", "proxy-connection",
        "proxy-authenticate", "proxy-authorization",
    ]

    /// Headers the proxy owns: never forwarded as the client sent them.
    private static let proxyOwned: Set<String> = [
        "x-request-id", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-strangler-token",
        "x-strangler-force", "x-strangler-shadow",
    ]

    /// The headers to send upstream for a client request.
    static func upstreamRequestHeaders(
        _ headers: HTTPHeaders,
        requestID: String,
        clientAddress: String?
    ) -> HTTPHeaders {
        let connectionListed = Self.connectionListed(headers)
        var out = HTTPHeaders()
        out.reserveCapacity(headers.count + 4)
        var forwardedFor: String?
        var host: String?
        for (name, value) in headers {
            let lower = name.lowercased()
            if lower == "x-forwarded-for" {
                forwardedFor = forwardedFor.map { "\($0), \(value)" } ?? value
                continue
            }
            if lower == "host" { host = value }
            if Self.hopByHop.contains(lower) || Self.proxyOwned.contains(lower) { continue }
            if let listed = connectionListed, listed.contains(lower) { continue }
            out.add(name: name, value: value)
        }
        if let clientAddress {
            out.add(name: "x-forwarded-for", value: forwardedFor.map { "\($0), \(clientAddress)" } ?? clientAddress)
        } else if let forwardedFor {
            out.add(name: "x-forwarded-for", value: forwardedFor)
        }
        out.add(name: "x-forwarded-proto", value: "http")
        if let host { out.add(name: "x-forwarded-host", value: host) }
        out.add(name: "x-request-id", value: requestID)
        return out
    }

    /// The headers to send the client for an upstream response.
    static func clientResponseHeaders(_ headers: HTTPHeaders, requestID: String) -> HTTPHeaders {
        let connectionListed = Self.connectionListed(headers)
        var out = HTTPHeaders()
        out.reserveCapacity(headers.count + 1)
        var hasRequestID = false
        for (name, value) in headers {
            let lower = name.lowercased()
            if lower == "transfer-encoding" || Self.hopByHop.contains(lower) { continue }
            if let listed = connectionListed, listed.contains(lower) { continue }
            if lower == "x-request-id" { hasRequestID = true }
            out.add(name: name, value: value)
        }
        if !hasRequestID { out.add(name: "x-request-id", value: requestID) }
        return out
    }

    /// Header names listed in `Connection`, lowercased; `nil` when there are none besides keep-alive/close.
    private static func connectionListed(_ headers: HTTPHeaders) -> Set<String>? {
        var listed: Set<String>?
        for value in headers[canonicalForm: "connection"] {
            let name = value.lowercased()
            if name == "close" || name == "keep-alive" { continue }
            listed = listed ?? []
            listed!.insert(String(name))
        }
        return listed
    }
}
