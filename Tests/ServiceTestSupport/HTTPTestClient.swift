import Foundation

/// A response read by ``HTTPTestClient``.
public struct HTTPReply: Sendable {
    public let status: Int
    /// Header names lowercased.
    public let headers: [String: String]
    public let body: [UInt8]

    /// The body parsed as a JSON object.
    public func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw TestFailure("body is not a JSON object: \(String(decoding: body, as: UTF8.self))")
        }
        return object
    }

    /// `error.code` and `error.request_id` of a JSON error body.
    public func errorCode() throws -> (code: String?, requestID: String?) {
        let error = try json()["error"] as? [String: Any]
        return (error?["code"] as? String, error?["request_id"] as? String)
    }
}

/// A deliberately small blocking HTTP/1.1 client over a real loopback socket: one request per
/// connection (`Connection: close`), so tests control exactly what goes on the wire.
public struct HTTPTestClient: Sendable {
    public let port: Int

    /// A client for 127.0.0.1:`port`.
    public init(port: Int) { self.port = port }

    /// Sends one request and reads the whole response.
    /// - Parameter chunked: send the body with `Transfer-Encoding: chunked` instead of Content-Length.
    public func send(
        _ method: String,
        _ path: String,
        headers: [String: String] = [:],
        body: [UInt8] = [],
        chunked: Bool = false
    ) throws -> HTTPReply {
        let fd = try connect()
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        var payload: [UInt8]
        if chunked {
            head += "Transfer-Encoding: chunked\r\n\r\n"
            payload = Array(head.utf8)
            var offset = 0
            while offset < body.count {
                let piece = body[offset..<min(body.count, offset + 1024)]
                payload += Array("\(String(piece.count, radix: 16))\r\n".utf8) + piece + Array("\r\n".utf8)
                offset += piece.count
            }
            payload += Array("0\r\n\r\n".utf8)
        } else {
            if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
            payload = Array((head + "\r\n").utf8) + body
        }
        try write(fd, payload)
        return try parse(readAll(fd))
    }

    /// GET `path`.
    public func get(_ path: String, headers: [String: String] = [:]) throws -> HTTPReply {
        try send("GET", path, headers: headers)
    }

    /// POST a JSON object.
    public func postJSON(_ path: String, _ object: [String: Any], headers: [String: String] = [:]) throws -> HTTPReply {
        let body = try JSONSerialization.data(withJSONObject: object)
        return try send(
            "POST",
            path,
            headers: headers.merging(["Content-Type": "application/json"]) { $1 },
            body: Array(body)
        )
    }

    /// Opens a connection and writes `bytes` without reading (to simulate a client that goes away).
    public func openAndWrite(_ bytes: [UInt8]) throws -> Int32 {
        let fd = try connect()
        try write(fd, bytes)
        return fd
    }

    func connect() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw TestFailure("connect to 127.0.0.1:\(port) failed")
        }
        return fd
    }

    func write(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw TestFailure("send failed") }
            offset += written
        }
    }

    func readAll(_ fd: Int32) throws -> [UInt8] {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count == 0 { return data }
            guard count > 0 else { throw TestFailure("recv failed or timed out") }
            data += chunk[..<count]
        }
    }

    func parse(_ data: [UInt8]) throws -> HTTPReply {
        let separator = Array("\r\n\r\n".utf8)
        guard
            let end = (0...(max(0, data.count - 4))).first(where: {
                Array(data[$0..<min(data.count, $0 + 4)]) == separator
            })
        else { throw TestFailure("no complete response head") }
        let lines = String(decoding: data[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw TestFailure("bad status line") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces
            )
        }
        var body = Array(data[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            body = try dechunk(body)
        } else if let length = headers["content-length"].flatMap(Int.init) {
            body = Array(body.prefix(length))
        }
        return HTTPReply(status: status, headers: headers, body: body)
    }

    private func dechunk(_ data: [UInt8]) throws -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while true {
            guard
                let lineEnd = (index..<max(index, data.count - 1)).first(where: { data[$0] == 13 && data[$0 + 1] == 10 }
                ),
                let size = Int(String(decoding: data[index..<lineEnd], as: UTF8.self), radix: 16)
            else { throw TestFailure("bad chunk") }
            if size == 0 { return result }
            result += data[(lineEnd + 2)..<(lineEnd + 2 + size)]
            index = lineEnd + 2 + size + 2
        }
    }
}
