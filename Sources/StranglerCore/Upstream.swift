/// A named HTTP origin the proxy forwards to, declared under `upstreams:` as `name: http://host:port`.
///
/// Only plain `http://` is accepted; the URL has no path (request paths are forwarded unchanged).
public struct Upstream: Sendable, Equatable, Hashable {
    /// The name features refer to (`legacy`, `feed`, ...).
    public var name: String
    /// The URL as normalised from the file, e.g. `http://127.0.0.1:9000`.
    public var url: String
    /// The host part of the URL.
    public var host: String
    /// The port part of the URL (80 when the URL has none).
    public var port: Int

    /// Creates an upstream at `http://host:port`.
    public init(name: String, host: String, port: Int) {
        self.name = name
        self.host = host
        self.port = port
        self.url = "http://\(HostPort(host: host, port: port))"
    }

    /// The address to connect to.
    public var address: HostPort { HostPort(host: host, port: port) }

    /// Parses `http://host[:port][/]`, explaining what is wrong on failure.
    static func parse(name: String, url text: String) -> Result<Upstream, AddressProblem> {
        let scheme = "http://"
        guard text.lowercased().hasPrefix(scheme) else {
            if text.lowercased().hasPrefix("https://") {
                return .failure(.init("upstream '\(name)': https:// is not supported; use http://HOST:PORT"))
            }
            return .failure(.init("upstream '\(name)': '\(text)' is not an http://HOST:PORT URL"))
        }
        var authority = Substring(text.dropFirst(scheme.count))
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        if authority.contains("/") || authority.contains("?") || authority.contains("#") {
            return .failure(.init("upstream '\(name)': the URL must not have a path; write http://HOST:PORT"))
        }
        if authority.contains("@") {
            return .failure(.init("upstream '\(name)': credentials in the URL are not supported"))
        }
        let hasPort = authority.hasPrefix("[") ? authority.contains("]:") : authority.contains(":")
        let withPort = hasPort ? String(authority) : "\(authority):80"
        switch HostPort.parse(withPort) {
        case .success(let address):
            guard address.port > 0 else { return .failure(.init("upstream '\(name)': port 0 is not a usable port")) }
            return .success(Upstream(name: name, host: address.host, port: address.port))
        case .failure(let problem):
            return .failure(.init("upstream '\(name)': \(problem.message)"))
        }
    }
}
