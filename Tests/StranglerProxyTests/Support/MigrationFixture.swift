import Foundation
import NIOPosix
import StranglerProxy

/// A proxy between a legacy and a new origin with two features mid-migration: `feed` (`/api/feed`) in shadow
/// mode, its comparisons ignoring the echo's origin name and headers so the sides agree; and `videos`
/// (`/api/videos/*`) in a 50% canary, mirrored the other way and compared as is (they differ at `$.origin`).
/// Everything else is claimed by no feature and goes to legacy.
struct MigrationFixture {
    let legacy: TestOrigin
    let new: TestOrigin
    let proxy: ProxyProcess

    static func start() async throws -> MigrationFixture {
        let group = MultiThreadedEventLoopGroup.singleton
        let legacy = try await TestOrigin(group: group, name: "legacy")
        let new = try await TestOrigin(group: group, name: "new")
        let features = """
            features:
              - name: feed
                routes:
                  - { path: /api/feed }
                legacy: legacy
                new: new
                mode: shadow
                shadow: { sample: 1.0, compare: { ignore: ["$.origin", "$.headers"] } }
                verdict: { min_samples: 20, max_p99_ratio: 100 }
              - name: videos
                routes:
                  - { path: /api/videos/* }
                legacy: legacy
                new: new
                mode: canary
                percent: 50
                sticky: header:X-User-Id
                shadow: { sample: 1.0 }
            """
        let proxy = try ProxyProcess(
            routes: ProxyProcess.routes(
                upstreams: [("legacy", legacy.port), ("new", new.port)],
                proxy: "  connect_timeout: 500ms",
                features: features
            )
        )
        return MigrationFixture(legacy: legacy, new: new, proxy: proxy)
    }

    /// What ``send(feed:videos:unclaimed:)`` sent.
    struct Sent {
        var feed = 0
        var videos = 0
        var videosOnNew = 0
        var unclaimed = 0
    }

    /// Sends GETs: `feed` to `/api/feed`, `videos` to `/api/videos/N` from as many users, `unclaimed` to a path
    /// no feature claims. Every answer must be a 200.
    func send(feed: Int, videos: Int, unclaimed: Int) throws -> Sent {
        let connection = try RawHTTPConnection(port: self.proxy.port)
        var sent = Sent()
        for i in 0..<feed {
            try Self.expectOK(try connection.request("GET", "/api/feed?user_id=\(i % 5)"))
            sent.feed += 1
        }
        for i in 0..<videos {
            let response = try connection.request("GET", "/api/videos/\(i)", headers: [("X-User-Id", "user-\(i)")])
            try Self.expectOK(response)
            if response.header("x-origin") == "new" { sent.videosOnNew += 1 }
            sent.videos += 1
        }
        for i in 0..<unclaimed {
            try Self.expectOK(try connection.request("GET", "/home?i=\(i)"))
            sent.unclaimed += 1
        }
        return sent
    }

    private static func expectOK(_ response: RawHTTPConnection.Response) throws {
        guard response.status == 200 else { throw TestFailure("proxy answered \(response.status)") }
    }

    /// `GET /admin/overview`, decoded.
    func overview() throws -> Overview {
        let response = try self.proxy.admin.call("GET", "/admin/overview")
        guard response.status == 200 else {
            throw TestFailure("/admin/overview answered \(response.status): \(response.text)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Overview.self, from: Data(response.body))
    }

    /// Waits until the shadow figures of both features cover what `sent` sent; returns that overview.
    func overviewWithAllSamples(_ sent: Sent) async throws -> Overview {
        var latest: Overview?
        let complete = try await eventually(timeout: .seconds(20)) {
            let overview = try self.overview()
            latest = overview
            return overview.feature("feed")?.shadow?.samples == sent.feed
                && overview.feature("videos")?.shadow?.samples == sent.videos
        }
        guard complete, let latest else {
            throw TestFailure(
                "shadow samples never reached \(sent.feed) + \(sent.videos): \(String(describing: latest))"
            )
        }
        return latest
    }

    func stop() {
        self.proxy.stop()
        self.legacy.close()
        self.new.close()
    }
}

extension Overview {
    func feature(_ name: String) -> FeatureOverview? {
        self.features.first { $0.name == name }
    }
}
