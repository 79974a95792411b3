import Crypto
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP origin on 127.0.0.1 for the proxy to forward to. It streams every body (never holds one
/// whole) and reports what it saw.
///
/// Routes: `/echo` (JSON: method, uri, headers, body bytes and SHA-256), `/bytes?n=N` (N bytes, with
/// Content-Length), `/chunked?n=K` (K chunks of "chunk-i\n", chunked), `/slow?ms=N` (answers after N ms),
/// `/close` (answers with `Connection: close`), `/status?code=N`, anything else → `/echo`. A path ending in
/// `/early` is answered 413 as soon as its head arrives, before its body (a service refusing an upload).
/// Two routes behave like a service with state of its own: `POST /api/jobs` creates a job with the
/// origin's own next id (`jobIDBase` + n) and `GET /api/jobs/{id}` shows one of its jobs (404 otherwise);
/// `GET /api/settling/{key}[?behind=N]` answers `{"state": "ready"}`, except that a `lagging` origin answers
/// `"pending"` the first N times (default 1) it is asked about a key (a read model that has not caught up yet).
final class TestOrigin: Sendable {
    let port: Int
    private let channel: any Channel
    private let stats: NIOLockedValueBox<Stats>

    struct Stats {
        var connections = 0
        var closedConnections = 0
        var requests = 0
        var received: [Received] = []
        var jobs: [Int] = []
        var settlingAsked: [String: Int] = [:]
    }

    /// A request as the origin got it.
    struct Received: Sendable {
        let uri: String
        let headers: [String: String]
        let bodyBytes: Int
        let bodySHA256: String
    }

    /// Requests received so far (headers lowercased, first value of each).
    var received: [Received] { self.stats.withLockedValue { $0.received } }

    /// Connections accepted so far.
    var connectionCount: Int { self.stats.withLockedValue { $0.connections } }
    /// Connections that have closed so far (either side closing them).
    var closedConnectionCount: Int { self.stats.withLockedValue { $0.closedConnections } }
    /// Requests answered so far.
    var requestCount: Int { self.stats.withLockedValue { $0.requests } }

    /// - Parameters:
    ///   - failWith: When set, every request is answered with this status (a broken service).
    ///   - resets: Every request is answered by resetting its connection (TCP RST, no response).
    ///   - port: The port to listen on (default: any free one).
    init(
        group: any EventLoopGroup,
        port: Int = 0,
        name: String = "origin",
        failWith: Int? = nil,
        delay: TimeAmount? = nil,
        jobIDBase: Int = 0,
        lagging: Bool = false,
        resets: Bool = false
    ) async throws {
        let stats = NIOLockedValueBox(Stats())
        self.stats = stats
        self.channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                stats.withLockedValue { $0.connections += 1 }
                channel.closeFuture.whenComplete { _ in stats.withLockedValue { $0.closedConnections += 1 } }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        OriginHandler(
                            name: name,
                            stats: stats,
                            failWith: failWith,
                            delay: delay,
                            jobIDBase: jobIDBase,
                            lagging: lagging,
                            resets: resets
                        )
                    )
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
        self.port = self.channel.localAddress!.port!
    }

    func close() {
        self.channel.close(promise: nil)
    }

    /// Closes the listener and waits until the port no longer accepts connections.
    func closeAndWait() async throws {
        try await self.channel.close()
    }
}

private final class OriginHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let name: String
    let stats: NIOLockedValueBox<TestOrigin.Stats>
    let failWith: Int?
    let delay: TimeAmount?
    let jobIDBase: Int
    let lagging: Bool
    let resets: Bool
    var head: HTTPRequestHead?
    var hasher = SHA256()
    var bodyBytes = 0
    var digest = ""

    init(
        name: String,
        stats: NIOLockedValueBox<TestOrigin.Stats>,
        failWith: Int?,
        delay: TimeAmount?,
        jobIDBase: Int,
        lagging: Bool,
        resets: Bool
    ) {
        self.resets = resets
        self.delay = delay
        self.jobIDBase = jobIDBase
        self.lagging = lagging
        self.name = name
        self.stats = stats
        self.failWith = failWith
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            self.hasher = SHA256()
            self.bodyBytes = 0
            if head.uri.hasSuffix("/early") {
                return self.writeStatus(context: context, head: head, code: 413)
            }
            if head.headers.first(name: "expect")?.lowercased() == "100-continue" {
                context.writeAndFlush(
                    Self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))),
                    promise: nil
                )
            }
        case .body(let buffer):
            self.bodyBytes += buffer.readableBytes
            buffer.withUnsafeReadableBytes { self.hasher.update(bufferPointer: $0) }
        case .end:
            if self.head?.uri.hasSuffix("/early") == true { return }
            let digest = self.hasher.finalize().map { String(format: "%02x", $0) }.joined()
            self.hasher = SHA256()
            self.digest = digest
            var headers: [String: String] = [:]
            for (name, value) in self.head?.headers ?? [:] where headers[name.lowercased()] == nil {
                headers[name.lowercased()] = value
            }
            let received = TestOrigin.Received(
                uri: self.head?.uri ?? "",
                headers: headers,
                bodyBytes: self.bodyBytes,
                bodySHA256: digest
            )
            self.stats.withLockedValue {
                $0.requests += 1
                $0.received.append(received)
            }
            if self.resets {
                // Linger 0: the close sends RST instead of FIN (a FIN would not test a reset).
                guard let socket = context.channel as? any SocketOptionProvider else {
                    preconditionFailure("a TCP child channel provides socket options")
                }
                socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
                return
            }
            if let delay = self.delay {
                context.eventLoop.assumeIsolated().scheduleTask(in: delay) { self.respond(context: context) }
            } else {
                self.respond(context: context)
            }
        }
    }

    private func respond(context: ChannelHandlerContext) {
        guard let head = self.head else { return }
        let components = URLComponents(string: head.uri)
        if let failWith = self.failWith {
            return self.writeStatus(context: context, head: head, code: failWith)
        }
        let query = Dictionary(
            (components?.queryItems ?? []).map { ($0.name, $0.value ?? "") },
            uniquingKeysWith: { a, _ in a }
        )
        let path = components?.path ?? head.uri
        if path.hasPrefix("/api/jobs") || path.hasPrefix("/api/settling/") {
            return self.respondAsService(context: context, head: head, path: path)
        }
        switch path {
        case "/bytes":
            let n = Int(query["n"] ?? "0") ?? 0
            var headers = HTTPHeaders([("content-length", String(n)), ("content-type", "application/octet-stream")])
            headers.add(name: "x-origin", value: self.name)
            context.write(
                Self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))),
                promise: nil
            )
            self.writeBytes(context: context, remaining: n)
        case "/chunked":
            let k = Int(query["n"] ?? "3") ?? 3
            let headers = HTTPHeaders([("transfer-encoding", "chunked"), ("x-origin", self.name)])
            context.write(
                Self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))),
                promise: nil
            )
            for i in 0..<k {
                context.write(
                    Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "chunk-\(i)\n")))),
                    promise: nil
                )
            }
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
        case "/slow":
            let ms = Int64(query["ms"] ?? "100") ?? 100
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(ms)) {
                self.writeEcho(context: context, head: head)
            }
        case "/status":
            let code = Int(query["code"] ?? "200") ?? 200
            let headers = HTTPHeaders([("content-length", "0"), ("x-origin", self.name)])
            context.writeAndFlush(
                Self.wrapOutboundOut(
                    .head(HTTPResponseHead(version: head.version, status: .init(statusCode: code), headers: headers))
                ),
                promise: nil
            )
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
        case "/close":
            self.writeEcho(context: context, head: head, close: true)
        default:
            self.writeEcho(context: context, head: head)
        }
    }

    /// The stateful routes: jobs with this origin's own ids, and reads that may lag.
    private func respondAsService(context: ChannelHandlerContext, head: HTTPRequestHead, path: String) {
        var status = HTTPResponseStatus.ok
        var object: [String: Any] = [:]
        if path == "/api/jobs", head.method == .POST {
            let id = self.stats.withLockedValue { stats in
                let id = self.jobIDBase + stats.jobs.count + 1
                stats.jobs.append(id)
                return id
            }
            status = .created
            object = ["job_id": id, "state": "queued"]
        } else if path.hasPrefix("/api/jobs/"), let id = Int(path.dropFirst("/api/jobs/".count)),
            self.stats.withLockedValue({ $0.jobs.contains(id) })
        {
            object = ["job_id": id, "state": "queued"]
        } else if path.hasPrefix("/api/settling/") {
            let asked = self.stats.withLockedValue { stats in
                stats.settlingAsked[path, default: 0] += 1
                return stats.settlingAsked[path]!
            }
            let behind = head.uri.split(separator: "behind=").last.flatMap { Int($0) } ?? 1
            object = ["state": self.lagging && asked <= behind ? "pending" : "ready"]
        } else {
            status = .notFound
            object = ["error": ["code": "not_found"]]
        }
        let body = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        var headers = HTTPHeaders([("content-type", "application/json"), ("content-length", String(body.count))])
        headers.add(name: "x-origin", value: self.name)
        context.write(
            Self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
            promise: nil
        )
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
    }

    private func writeStatus(context: ChannelHandlerContext, head: HTTPRequestHead, code: Int) {
        let headers = HTTPHeaders([("content-length", "0"), ("x-origin", self.name)])
        let responseHead = HTTPResponseHead(version: head.version, status: .init(statusCode: code), headers: headers)
        context.write(Self.wrapOutboundOut(.head(responseHead)), promise: nil)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
    }

    private func writeBytes(context: ChannelHandlerContext, remaining: Int) {
        var remaining = remaining
        while remaining > 0 && context.channel.isWritable {
            let size = min(remaining, 64 * 1024)
            context.write(
                Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(repeating: 0x61, count: size)))),
                promise: nil
            )
            remaining -= size
        }
        if remaining == 0 {
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            // Record before flushing: the writability change can fire inside flush().
            self.pendingBytes = remaining
            context.flush()
        }
    }

    var pendingBytes = 0

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, self.pendingBytes > 0 {
            let remaining = self.pendingBytes
            self.pendingBytes = 0
            self.writeBytes(context: context, remaining: remaining)
        }
    }

    private func writeEcho(context: ChannelHandlerContext, head: HTTPRequestHead, close: Bool = false) {
        let digest = self.digest
        let echo = EchoReply(
            origin: self.name,
            method: head.method.rawValue,
            uri: head.uri,
            headers: head.headers.map { [$0.name.lowercased(), $0.value] },
            bodyBytes: self.bodyBytes,
            bodySHA256: digest
        )
        let body = try! JSONEncoder().encode(echo)
        var headers = HTTPHeaders([("content-type", "application/json"), ("content-length", String(body.count))])
        headers.add(name: "x-origin", value: self.name)
        if close { headers.add(name: "connection", value: "close") }
        context.write(
            Self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))),
            promise: nil
        )
        if head.method != .HEAD {
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        }
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
    }
}

/// What `/echo` answers.
struct EchoReply: Codable {
    let origin: String
    let method: String
    let uri: String
    let headers: [[String]]
    let bodyBytes: Int
    let bodySHA256: String

    func header(_ name: String) -> [String] {
        self.headers.filter { $0[0] == name.lowercased() }.map { $0[1] }
    }
}
