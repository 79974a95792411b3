import Foundation
import StranglerProxy
import Testing

/// `GET /admin/dashboard`: token-gated, self-contained, and rendering the live numbers in a real browser.
@Suite(.serialized)
struct DashboardTests {
    @Test func thePageNeedsTheTokenAndLoadsNothingFromOutside() async throws {
        let fixture = try await MigrationFixture.start()
        defer { fixture.stop() }
        let anonymous = AdminClient(port: fixture.proxy.adminPort, token: nil)
        #expect(try anonymous.call("GET", "/admin/dashboard").status == 401)
        #expect(try anonymous.call("GET", "/admin/dashboard?token=wrong").status == 401)
        #expect(try anonymous.call("GET", "/admin/dashboard?token=").status == 401)
        #expect(try fixture.proxy.admin.call("GET", "/admin/dashboard").status == 200)

        let page = try anonymous.call("GET", "/admin/dashboard?token=\(fixture.proxy.token)")
        #expect(page.status == 200)
        #expect(page.header("content-type")?.hasPrefix("text/html") == true)
        #expect(page.header("referrer-policy") == "no-referrer")
        let policy = try #require(page.header("content-security-policy"))
        #expect(policy.contains("default-src 'none'") && policy.contains("connect-src 'self'"))
        // Inline style and script only: no stylesheet links, no script or image sources, no web fonts.
        let html = page.text
        for external in ["<link", "src=", "@import", "url(", "//cdn", "https://"] {
            #expect(!html.contains(external), "the page references \(external)")
        }
        #expect(html.contains("/admin/overview"))
    }

    @Test func chromiumRendersTheChartsWithTheLiveNumbers() async throws {
        let fixture = try await MigrationFixture.start()
        defer { fixture.stop() }
        let chromium = try HeadlessChromium.find(profileIn: fixture.proxy.directory)
        let sent = try fixture.send(feed: 80, videos: 240, unclaimed: 60)
        let overview = try await fixture.overviewWithAllSamples(sent)
        let url = "http://127.0.0.1:\(fixture.proxy.adminPort)/admin/dashboard?token=\(fixture.proxy.token)"

        let dom = try DashboardDOM(try chromium.dumpDOM(url))
        #expect(
            dom.body.attribute("data-state") == "live",
            "the page never rendered an overview: \(dom.text.prefix(600))"
        )
        #expect(Int(dom.body.attribute("data-updates") ?? "") ?? 0 >= 1)
        #expect(dom.element(id: "revision")?.attribute("data-value") == "\(overview.revision)")

        for feature in overview.features {
            let card = try #require(dom.card(feature.name), "no card for \(feature.name)")
            let shadow = try #require(feature.shadow)
            #expect(card.field("mode") == feature.mode)
            #expect(card.field("requests_recent") == "\(feature.requestsRecent)")
            #expect(card.field("new_share_recent").flatMap(Double.init) == feature.newShareRecent)
            #expect(card.field("samples") == "\(shadow.samples)")
            #expect(card.field("match_pct").flatMap(Double.init) == shadow.matchPct)
            #expect(card.field("p99_legacy_ms").flatMap(Double.init) == shadow.p99LegacyMs)
            #expect(card.field("p99_new_ms").flatMap(Double.init) == shadow.p99NewMs)
            #expect(card.field("verdict") == (shadow.verdictReady ? "ready" : "not-ready"))
            #expect(card.field("last_flip") == feature.lastFlip.map { "\($0.revision)" })

            let traffic = try #require(card.chart("traffic"))
            #expect(traffic.attribute("data-empty") == nil)
            #expect(traffic.attribute("data-legacy") == "\(feature.series.reduce(0) { $0 + $1.legacy })")
            #expect(traffic.attribute("data-new") == "\(feature.series.reduce(0) { $0 + $1.new })")
            #expect(traffic.contains("class=\"bar-legacy\""))
            let match = try #require(card.chart("match"))
            #expect(match.attribute("data-empty") == nil && match.contains("class=\"dot-match\""))
            #expect(match.attribute("data-samples") == "\(shadow.samples)")
            let latency = try #require(card.chart("latency"))
            #expect(latency.attribute("data-empty") == nil)
            #expect(latency.attribute("data-legacy-count") == "\(shadow.samples)")
            #expect(latency.attribute("data-new-count") == "\(shadow.samples)")
            #expect(latency.contains("class=\"area-legacy\"") && latency.contains("class=\"area-new\""))
        }
        // The canary's split is drawn: both sides have bars.
        #expect(dom.card("videos")?.chart("traffic")?.contains("class=\"bar-new\"") == true)

        let unclaimed = try #require(dom.element(id: "unclaimed"))
        #expect(unclaimed.field("requests_recent") == "\(sent.unclaimed)")
        #expect(unclaimed.chart("unclaimed")?.attribute("data-legacy") == "\(sent.unclaimed)")
        // Every figure was replaced: no placeholder dash is left in a filled field.
        for name in ["requests_recent", "samples", "match_pct", "p99_ratio"] {
            #expect(dom.card("feed")?.fieldText(name) != "—", "\(name) still shows a placeholder")
        }

        let screenshot = fixture.proxy.directory.appendingPathComponent("dashboard.png")
        try chromium.screenshot(url, to: screenshot)
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(PNGSize(png) == PNGSize(width: 1280, height: 1000))
        #expect(png.count > 40_000, "a \(png.count)-byte screenshot is too small to hold the charts")
        // The README's screenshot is refreshed on request, so a test run leaves the work tree clean.
        if ProcessInfo.processInfo.environment["STRANGLER_UPDATE_SCREENSHOTS"] == "1" {
            let docs = Self.repositoryRoot.appendingPathComponent("docs")
            try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
            let published = docs.appendingPathComponent("dashboard.png")
            try? FileManager.default.removeItem(at: published)
            try FileManager.default.copyItem(at: screenshot, to: published)
        }
    }

    /// The package root, found from this file's path.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }
}

/// Width and height from a PNG's IHDR chunk.
struct PNGSize: Equatable {
    var width: Int
    var height: Int

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    init?(_ data: Data) {
        guard data.count >= 24 else { return nil }
        let bytes = [UInt8](data.prefix(24))
        func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        self.width = int(16)
        self.height = int(20)
    }
}
