import Foundation
import Hummingbird
import StranglerAudit
import StranglerCore

/// The admin API's routes: status, routes, explain, flip, revert, reload, history, metrics.
struct AdminRoutes: Sendable {
    let dependencies: AdminServer.Dependencies

    func register(on router: Router<BasicRequestContext>) {
        let d = self.dependencies
        router.get("/admin/status") { _, _ in
            let status = d.store.status
            let table = d.store.current.table
            return try jsonResponse(
                status: .ok,
                StatusBody(
                    revision: status.revision,
                    installedAt: status.installedAt,
                    lastError: status.lastError,
                    lastAttemptAt: status.lastAttemptAt,
                    uptimeS: Date().timeIntervalSince(d.startedAt),
                    routesFile: d.controller.path,
                    features: table.features.map { .init(name: $0.name, mode: $0.mode.rawValue, percent: $0.percent) }
                )
            )
        }
        router.get("/admin/routes") { _, _ in
            try jsonResponse(status: .ok, RoutesBody(d.store.current))
        }
        router.get("/admin/explain") { request, _ in
            guard let method = request.uri.queryParameters["method"], let path = request.uri.queryParameters["path"]
            else {
                return adminError(
                    .badRequest,
                    code: "bad_request",
                    message: "pass ?method=GET&path=/api/...",
                    request: request
                )
            }
            let text = d.store.current.compiled.explain(
                method: String(method).uppercased(),
                path: String(path),
                headers: []
            )
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text + "\n"))
            )
        }
        router.post("/admin/reload") { request, _ -> Response in
            switch d.controller.reload(trigger: "admin reload", actor: Self.actor(request), reason: nil) {
            case .installed(let revision), .unchanged(let revision):
                return try jsonResponse(status: .ok, ReloadBody(ok: true, revision: revision, error: nil))
            case .rejected(let message):
                return try jsonResponse(
                    status: .unprocessableContent,
                    ReloadBody(ok: false, revision: d.store.status.revision, error: message)
                )
            }
        }
        router.post("/admin/flip") { request, context -> Response in
            let body = try await request.decode(as: FlipRequest.self, context: context)
            guard let mode = Mode(rawValue: body.mode) else {
                return adminError(
                    .badRequest,
                    code: "bad_mode",
                    message: "mode must be legacy, shadow, canary or new",
                    request: request
                )
            }
            return Self.changeResponse(request: request) {
                try d.controller.flip(
                    .init(feature: body.feature, mode: mode, percent: body.percent),
                    actor: body.actor ?? Self.actor(request),
                    reason: body.reason,
                    dryRun: body.dryRun ?? false
                )
            }
        }
        router.post("/admin/revert") { request, context -> Response in
            let body = try await request.decode(as: RevertRequest.self, context: context)
            return Self.changeResponse(request: request) {
                try d.controller.revert(
                    to: body.to,
                    actor: body.actor ?? Self.actor(request),
                    reason: body.reason,
                    dryRun: body.dryRun ?? false
                )
            }
        }
        router.get("/admin/history") { request, _ -> Response in
            let feature = request.uri.queryParameters["feature"].map(String.init)
            let limit = request.uri.queryParameters["limit"].flatMap { Int($0) } ?? 100
            let entries = try d.audit?.entries(feature: feature, limit: limit) ?? []
            return try jsonResponse(status: .ok, entries.map(HistoryEntry.init))
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: d.metrics.render()))
            )
        }
    }

    private static func actor(_ request: Request) -> String {
        request.headers[.init("X-Strangler-Actor")!] ?? "admin-api"
    }

    private static func changeResponse(
        request: Request,
        _ change: () throws -> RouteTableController.ChangeResult
    ) -> Response {
        do {
            return try jsonResponse(status: .ok, try change())
        } catch let error as RouteTableController.ChangeError {
            return adminError(
                .unprocessableContent,
                code: "change_rejected",
                message: error.description,
                request: request
            )
        } catch let error as RouteFileEditor.EditError {
            return adminError(.badRequest, code: "bad_flip", message: error.description, request: request)
        } catch {
            return adminError(.internalServerError, code: "internal", message: "\(error)", request: request)
        }
    }
}

struct FlipRequest: Decodable {
    let feature: String
    let mode: String
    let percent: Int?
    let reason: String?
    let actor: String?
    let dryRun: Bool?

    enum CodingKeys: String, CodingKey {
        case feature, mode, percent, reason, actor, dryRun = "dry_run"
    }
}

struct RevertRequest: Decodable {
    let to: Int64?
    let reason: String?
    let actor: String?
    let dryRun: Bool?

    enum CodingKeys: String, CodingKey {
        case to, reason, actor, dryRun = "dry_run"
    }
}

struct StatusBody: Encodable {
    struct FeatureState: Encodable {
        let name: String
        let mode: String
        let percent: Int
    }
    let revision: Int
    let installedAt: Date
    let lastError: String?
    let lastAttemptAt: Date?
    let uptimeS: Double
    let routesFile: String
    let features: [FeatureState]

    func encode(to encoder: any Encoder) throws {
        enum Keys: String, CodingKey {
            case revision, installedAt, lastError, lastAttemptAt, uptimeS, routesFile, features
        }
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(self.revision, forKey: .revision)
        try c.encode(self.installedAt, forKey: .installedAt)
        try c.encode(self.lastError, forKey: .lastError)  // null when the last reload succeeded
        try c.encode(self.lastAttemptAt, forKey: .lastAttemptAt)
        try c.encode(self.uptimeS, forKey: .uptimeS)
        try c.encode(self.routesFile, forKey: .routesFile)
        try c.encode(self.features, forKey: .features)
    }
}

struct ReloadBody: Encodable {
    let ok: Bool
    let revision: Int
    let error: String?
}

struct RoutesBody: Encodable {
    struct UpstreamBody: Encodable {
        let name: String
        let url: String
    }
    struct RouteBody: Encodable {
        let path: String
        let methods: [String]?
    }
    struct FeatureBody: Encodable {
        let name: String
        let mode: String
        let percent: Int
        let legacy: String
        let new: String
        let routes: [RouteBody]
    }
    let revision: Int
    let listen: String
    let fallback: String
    let upstreams: [UpstreamBody]
    let features: [FeatureBody]

    init(_ snapshot: RouteSnapshot) {
        let table = snapshot.table
        self.revision = snapshot.revision
        self.listen = table.listen.description
        self.fallback = table.fallback
        self.upstreams = table.upstreams.map { .init(name: $0.name, url: $0.url) }
        self.features = table.features.map { feature in
            FeatureBody(
                name: feature.name,
                mode: feature.mode.rawValue,
                percent: feature.percent,
                legacy: feature.legacy,
                new: feature.new,
                routes: feature.routes.map { .init(path: $0.path.description, methods: $0.methods.map { $0.sorted() }) }
            )
        }
    }
}

struct HistoryEntry: Encodable {
    let revision: Int64
    let at: Date
    let trigger: String
    let actor: String
    let reason: String?
    let changes: [TableChange]
    let diff: String

    init(_ entry: AuditEntry) {
        self.revision = entry.id
        self.at = entry.at
        self.trigger = entry.trigger
        self.actor = entry.actor
        self.reason = entry.reason
        self.changes = entry.changes
        self.diff = entry.diff
    }
}
