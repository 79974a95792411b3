import Foundation

/// A blocking HTTP/1.1 client over one TCP connection to 127.0.0.1: sends exactly the bytes a test wants
/// (including malformed ones) and parses responses (Content-Length, chunked, or until close).
final class RawHTTPConnection {
    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            self.headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
        var text: String { String(decoding: self.body, as: UTF8.self) }
        func json(array: Bool) throws -> [[String: Any]] {
            (try JSONSerialization.jsonObject(with: Data(self.body)) as? [[String: Any]]) ?? []
        }
        func json() throws -> [String: Any] {
            try (JSONSerialization.jsonObject(with: Data(self.body)) as? [String: Any]) ?? [:]
        }
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var closedByPeer = false

    init(port: Int, timeoutSeconds: Int = 10) throws {
        self.fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(self.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(self.fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(self.fd)
            throw TestFailure("connect to 127.0.0.1:\(port) failed: errno \(errno)")
        }
    }

    deinit { close(self.fd) }

    func send(_ text: String) throws {
        try self.send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes {
                Glibc.send(self.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { throw TestFailure("send failed: errno \(errno)") }
            offset += n
        }
    }

    /// Sends a simple request and reads its response.
    func request(
        _ method: String,
        _ target: String,
        headers: [(String, String)] = [],
        body: [UInt8]? = nil
    ) throws -> Response {
        var text = "\(method) \(target) HTTP/1.1\r\n"
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { text += "Host: test.local\r\n" }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        try self.send(Array(text.utf8) + (body ?? []))
        return try self.readResponse(method: method)
    }

    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
        if n == 0 {
            self.closedByPeer = true
            return false
        }
        guard n > 0 else { throw TestFailure("receive failed or timed out: errno \(errno)") }
        self.buffer += chunk[0..<n]
        return true
    }

    private func readLine() throws -> String {
        while true {
            if let index = self.buffer.firstIndex(of: 10) {
                let line = self.buffer[0..<index]
                self.buffer.removeFirst(index + 1)
                return String(decoding: line, as: UTF8.self).trimmingCharacters(in: ["\r"])
            }
            guard try self.fill() else { throw TestFailure("connection closed while reading a line") }
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while self.buffer.count < count {
            guard try self.fill() else { throw TestFailure("connection closed mid-body") }
        }
        let bytes = Array(self.buffer[0..<count])
        self.buffer.removeFirst(count)
        return bytes
    }

    /// Reads one response; interim (1xx) responses are skipped unless `returnInterim` is set.
    func readResponse(method: String = "GET", returnInterim: Bool = false) throws -> Response {
        while true {
            let statusLine = try self.readLine()
            let parts = statusLine.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, let status = Int(parts[1]) else {
                throw TestFailure("bad status line: \(statusLine)")
            }
            var headers: [(String, String)] = []
            while true {
                let line = try self.readLine()
                if line.isEmpty { break }
                let colon = line.firstIndex(of: ":")!
                headers.append(
                    (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                )
            }
            var response = Response(status: status, headers: headers, body: [])
            if status >= 100 && status < 200 {
                if returnInterim { return response }
                continue
            }
            if method == "HEAD" || status == 204 || status == 304 { return response }
            if let length = response.header("content-length").flatMap({ Int($0) }) {
                response.body = try self.readExactly(length)
            } else if response.header("transfer-encoding")?.lowercased() == "chunked" {
                while true {
                    let sizeLine = try self.readLine()
                    guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else {
                        throw TestFailure("bad chunk size line: \(sizeLine)")
                    }
                    if size == 0 {
                        while try !self.readLine().isEmpty {}
                        break
                    }
                    response.body += try self.readExactly(size)
                    _ = try self.readLine()
                }
            } else {
                while try self.fill() {}
                response.body = self.buffer
                self.buffer = []
            }
            return response
        }
    }

    /// Reads a response with a Content-Length body, counting the body's bytes without keeping them.
    func readResponseCountingBody() throws -> (status: Int, bodyBytes: Int) {
        let statusLine = try self.readLine()
        guard let status = Int(statusLine.split(separator: " ")[1]) else { throw TestFailure(statusLine) }
        var length = 0
        while true {
            let line = try self.readLine()
            if line.isEmpty { break }
            if line.lowercased().hasPrefix("content-length:") {
                length = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
            }
        }
        var received = self.buffer.count
        self.buffer = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while received < length {
            let n = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            received += n
        }
        return (status, received)
    }

    /// Whether the peer has closed the connection (reads until EOF or timeout).
    func waitForClose() -> Bool {
        while (try? self.fill()) == true {}
        return self.closedByPeer
    }
}
