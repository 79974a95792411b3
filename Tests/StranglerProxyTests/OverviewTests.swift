import Foundation
import StranglerCore
import StranglerShadow
import Testing

@testable import StranglerProxy

/// `GET /admin/overview`: the numbers match the traffic sent, the shadow store and the audit log.
@Suite(.serialized)
struct OverviewTests {
    @Test func trafficSplitAndUnclaimedMatchWhatWasSent() async throws {
        let fixture = try await MigrationFixture.start()
        defer { fixture.stop() }
        let sent = try fixture.send(feed: 40, videos: 300, unclaimed: 25)
        let overview = try fixture.overview()

        let videos = try #require(overview.feature("videos"))
        #expect(videos.mode == "canary" && videos.percent == 50)
        #expect(videos.requestsRecent == 300)
        // Exactly the share the origins saw, and about half for 300 sticky users.
        #expect(videos.newShareRecent == Double(sent.videosOnNew) / 300)
        #expect(
            (0.4...0.6).contains(videos.newShareRecent ?? -1),
            "new share \(String(describing: videos.newShareRecent))"
        )
        #expect(videos.series.reduce(0) { $0 + $1.new } == sent.videosOnNew)
        #expect(videos.series.reduce(0) { $0 + $1.legacy } == 300 - sent.videosOnNew)

        let feed = try #require(overview.feature("feed"))
        #expect(feed.mode == "shadow" && feed.requestsRecent == 40 && feed.newShareRecent == 0)

        #expect(overview.unclaimed.requestsRecent == 25)
        #expect(overview.unclaimed.series.reduce(0) { $0 + $1.legacy } == 25)
        #expect(overview.unclaimed.series.allSatisfy { $0.new == 0 && $0.errors == 0 })
        // Buckets are 10 s wide and contiguous.
        let times = overview.unclaimed.series.map(\.t)
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 == 10 })
        #expect(overview.revision == 1 && overview.bucketS == 10 && overview.recentS == 300)
    }

    @Test func shadowFiguresAgreeWithTheShadowReport() async throws {
        let fixture = try await MigrationFixture.start()
        defer { fixture.stop() }
        let sent = try fixture.send(feed: 30, videos: 40, unclaimed: 0)
        let overview = try await fixture.overviewWithAllSamples(sent)
        let store = try ShadowStore(path: fixture.proxy.directory.appendingPathComponent("state/shadow.sqlite").path)

        for (name, samples) in [("feed", 30), ("videos", 40)] {
            let shadow = try #require(overview.feature(name)?.shadow)
            let report = try #require(
                try ShadowReport.make(store: store, feature: name, thresholds: { _ in VerdictSettings() }).first
            )
            #expect(shadow.samples == samples)
            #expect(shadow.matchPct == report.matchPct)
            #expect(shadow.p99LegacyMs == report.latency.legacy.p99)
            #expect(shadow.p99NewMs == report.latency.new.p99)
            #expect(shadow.p99Ratio == report.latency.ratios.p99)
            #expect(shadow.matchSeries.reduce(0) { $0 + $1.samples } == samples)
            #expect(shadow.latencyHistogram.legacy.reduce(0, +) == samples)
            #expect(shadow.latencyHistogram.new.reduce(0, +) == samples)
            #expect(shadow.latencyHistogram.bucketsMs.count == shadow.latencyHistogram.legacy.count + 1)
            #expect(shadow.verdictText.hasPrefix(shadow.verdictReady ? "READY" : "NOT READY"))
        }
        // feed ignores the planted differences; videos does not.
        #expect(overview.feature("feed")?.shadow?.matchPct == 100)
        #expect(overview.feature("feed")?.shadow?.matchSeries.last?.matchPct == 100)
        #expect(overview.feature("videos")?.shadow?.matchPct == 0)
        #expect(overview.feature("videos")?.shadow?.verdictReady == false)
    }

    @Test func lastFlipFollowsTheAuditLog() async throws {
        let fixture = try await MigrationFixture.start()
        defer { fixture.stop() }
        let first = try #require(try fixture.overview().feature("feed")?.lastFlip)
        #expect(first.from == "absent" && first.to == "shadow" && first.trigger == "start")

        let body = #"{"feature":"feed","mode":"canary","percent":10,"reason":"first users","actor":"tester"}"#
        let flip = try RawHTTPConnection(port: fixture.proxy.adminPort).request(
            "POST",
            "/admin/flip",
            headers: [("Authorization", "Bearer \(fixture.proxy.token)"), ("Content-Type", "application/json")],
            body: Array(body.utf8)
        )
        #expect(flip.status == 200)
        let overview = try fixture.overview()
        let feed = try #require(overview.feature("feed"))
        #expect(overview.revision == 2)
        #expect(feed.mode == "canary" && feed.percent == 10)
        let last = try #require(feed.lastFlip)
        #expect(last.from == "shadow" && last.to == "canary 10%")
        #expect(last.actor == "tester" && last.reason == "first users" && last.trigger == "flip")
        #expect(last.revision > first.revision)
        // videos did not change: its last flip is still the start.
        #expect(overview.feature("videos")?.lastFlip?.revision == first.revision)
    }

    @Test func needsTheBearerToken() async throws {
        let fixture = try await MigrationFixture.start()
        defer { fixture.stop() }
        let anonymous = AdminClient(port: fixture.proxy.adminPort, token: nil)
        #expect(try anonymous.call("GET", "/admin/overview").status == 401)
        // The query token is for the dashboard page only.
        #expect(try anonymous.call("GET", "/admin/overview?token=\(fixture.proxy.token)").status == 401)
        #expect(
            try AdminClient(port: fixture.proxy.adminPort, token: "wrong").call("GET", "/admin/overview").status == 401
        )
        #expect(try fixture.proxy.admin.call("GET", "/admin/overview").status == 200)
    }

    @Test func trafficSeriesKeepsThirtyMinutesOfTenSecondBuckets() {
        let series = TrafficSeries()
        let start: Int64 = 1_800_000_000  // a bucket boundary
        series.record(side: .legacy, serverError: false, at: start)
        series.record(side: .new, serverError: true, at: start + 9)
        series.record(side: .new, serverError: false, at: start + 10)
        #expect(
            series.points(from: start, to: start + 19) == [
                TrafficPoint(t: start, legacy: 1, new: 1, errors: 1),
                TrafficPoint(t: start + 10, legacy: 0, new: 1, errors: 0),
            ]
        )
        // 30 minutes later the same slot is reused: the old counts are gone, not added to.
        series.record(side: .legacy, serverError: false, at: start + 1800)
        let points = series.points(from: start, to: start + 1800)
        #expect(points.count == 180)
        #expect(points.first?.t == start + 10 && points.first?.new == 1)
        #expect(points.last == TrafficPoint(t: start + 1800, legacy: 1, new: 0, errors: 0))
        #expect(points.dropFirst().dropLast().allSatisfy { $0.legacy + $0.new == 0 })
    }
}
