/// A TCP address written `host:port` (IPv6 hosts in brackets: `[::1]:8080`).
public struct HostPort: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The host name or IP address, without brackets.
    public var host: String
    /// The TCP port, 0...65535 (0 asks the system for a free port when listening).
    public var port: Int

    /// Creates an address from its parts.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[v6]:port`; `nil` when the text is not such an address.
    public init?(_ text: String) {
        guard case .success(let value) = Self.parse(text) else { return nil }
        self = value
    }

    /// `host:port`, with brackets around IPv6 hosts.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Parses an address, explaining what is wrong on failure.
    static func parse(_ text: String) -> Result<HostPort, AddressProblem> {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return .failure(.init("missing ']' after IPv6 host")) }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return .failure(.init("expected ':PORT' after ']'")) }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                return .failure(.init("missing port; write HOST:PORT, e.g. 127.0.0.1:8080"))
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") { return .failure(.init("IPv6 hosts need brackets, e.g. [::1]:8080")) }
        }
        guard !host.isEmpty else { return .failure(.init("missing host; write HOST:PORT, e.g. 127.0.0.1:8080")) }
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || "-._:%".contains($0) }) else {
            return .failure(.init("'\(host)' is not a host name or IP address"))
        }
        guard !portText.isEmpty, portText.allSatisfy(\.isASCIIDigit), let port = Int(portText), port <= 65535 else {
            return .failure(.init("port '\(portText)' is not a number in 0...65535"))
        }
        return .success(HostPort(host: String(host), port: port))
    }
}

/// Why a text is not a usable address.
struct AddressProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
