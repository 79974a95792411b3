import NIOHTTP1

/// Rewrites headers between the client and the upstream, in both directions.
enum HeaderRewriter {
    /// The headers to send upstream for a client request: hop-by-hop and proxy-owned headers dropped,
    /// `X-Forwarded-For/-Proto/-Host` and `X-Request-Id` set.
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
            switch HeaderName.kind(of: name) {
            case .hopByHop, .proxyOwned, .requestID:
                continue
            case .forwardedFor:
                forwardedFor = forwardedFor.map { "\($0), \(value)" } ?? value
                continue
            case .host:
                host = value
            case .ordinary, .transferEncoding:
                break
            }
            if let listed = connectionListed, listed.contains(name.lowercased()) { continue }
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

    /// The headers to send the client for an upstream response: hop-by-hop headers and the upstream's
    /// framing dropped (the encoder frames the body for the client), `X-Request-Id` ensured.
    static func clientResponseHeaders(_ headers: HTTPHeaders, requestID: String) -> HTTPHeaders {
        let connectionListed = Self.connectionListed(headers)
        var out = HTTPHeaders()
        out.reserveCapacity(headers.count + 1)
        var hasRequestID = false
        for (name, value) in headers {
            switch HeaderName.kind(of: name) {
            case .hopByHop, .transferEncoding:
                continue
            case .requestID:
                hasRequestID = true
            case .ordinary, .proxyOwned, .host, .forwardedFor:
                break
            }
            if let listed = connectionListed, listed.contains(name.lowercased()) { continue }
            out.add(name: name, value: value)
        }
        if !hasRequestID { out.add(name: "x-request-id", value: requestID) }
        return out
    }

    /// Header names listed in `Connection`, lowercased; `nil` when it lists only keep-alive or close.
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
