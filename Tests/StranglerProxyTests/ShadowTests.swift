import Crypto
import Foundation
import NIOCore
import NIOPosix
import StranglerCore
import StranglerShadow
import Testing

/// Shadow traffic: mirrored, compared and stored off the user's path; never slowing or failing the user.
@Suite(.serialized)
struct ShadowTests {
    /// Legacy and new origins and a proxy with feature `feed` owning `/api/*` in `shadow` mode.
    struct Fixture {
        let legacy: TestOrigin
        let new: TestOrigin
        let proxy: ProxyProcess

        static func start(
            shadow: String,
            newDelay: TimeAmount? = nil,
            newPort: Int? = nil,
            newJobIDBase: Int = 0,
            newLagging: Bool = false,
            newResets: Bool = false,
            mode: String = "shadow"
        ) async throws -> Fixture {
            let group = MultiThreadedEventLoopGroup.singleton
            let legacy = try await TestOrigin(group: group, name: "legacy")
            let new = try await TestOrigin(
                group: group,
                name: "new",
                delay: newDelay,
                jobIDBase: newJobIDBase,
                lagging: newLagging,
                resets: newResets
            )
            let features = """
                features:
                  - name: feed
                    routes:
                      - { path: /api/* }
                    legacy: legacy
                    new: new
                    mode: \(mode)
                    shadow: \(shadow)
                """
            let proxy = try ProxyProcess(
                routes: ProxyProcess.routes(
                    upstreams: [("legacy", legacy.port), ("new", newPort ?? new.port)],
                    proxy: "  connect_timeout: 500ms",
                    features: features
                )
            )
            return Fixture(legacy: legacy, new: new, proxy: proxy)
        }

        func report() throws -> ShadowReport? {
            let store = try ShadowStore(path: self.proxy.directory.appendingPathComponent("state/shadow.sqlite").path)
            return try ShadowReport.make(store: store, feature: "feed", thresholds: { _ in VerdictSettings() }).first
        }

        /// A port on 127.0.0.1 that nothing listens on (an origin bound it, then closed): a dead new side.
        static func deadPort() async throws -> Int {
            let origin = try await TestOrigin(group: MultiThreadedEventLoopGroup.singleton)
            try await origin.closeAndWait()
            return origin.port
        }

        /// Copies that failed on the new side, and copies not tried because it was down.
        static func newErrorsAndPaused(_ report: ShadowReport) -> Int {
            report.new.errors + report.skipped["shadowDown", default: 0]
        }

        func stop() {
            self.proxy.stop()
            self.legacy.close()
            self.new.close()
        }
    }

    @Test func mirrorsReadsWithTheSameRequestIDAndRecordsTheComparison() async throws {
        let fixture = try await Fixture.start(shadow: "{ sample: 1.0 }")
        defer { fixture.stop() }
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        for i in 0..<10 {
            let response = try connection.request("GET", "/api/feed?i=\(i)", headers: [("X-Request-Id", "req-\(i)")])
            #expect(response.header("x-origin") == "legacy")
        }
        #expect(try await eventually { fixture.new.requestCount == 10 })
        let mirrored = try #require(fixture.new.received.first { $0.headers["x-request-id"] == "req-3" })
        #expect(mirrored.headers["x-strangler-shadow"] == "1")
        #expect(mirrored.headers["host"] == "test.local")
        #expect(fixture.legacy.received.allSatisfy { $0.headers["x-strangler-shadow"] == nil })
        #expect(try await eventually { try fixture.report()?.samples == 10 })
        let report = try #require(try fixture.report())
        // The echo origins answer with their own name: a real, planted difference at $.origin.
        #expect(report.mismatches.contains { $0.path == "$.origin" && $0.count == 10 })
    }

    @Test func idsLearnedFromMirroredWritesAreTranslatedInLaterShadowReads() async throws {
        let fixture = try await Fixture.start(
            shadow: """
                { writes: mirror, ids: [{ field: $.job_id, path: "/api/jobs/{job}" }], compare: { ignore: [$.job_id] } }
                """,
            newJobIDBase: 1000
        )
        defer { fixture.stop() }
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        let created = try connection.request("POST", "/api/jobs", body: Array("{}".utf8))
        #expect(created.status == 201)
        #expect(try await eventually { try fixture.report()?.samples == 1 })
        // Legacy called it job 1, the new side job 1001: the mirrored read asks the new side for 1001.
        #expect(try connection.request("GET", "/api/jobs/1").status == 200)
        #expect(try await eventually { try fixture.report()?.samples == 2 })
        let shadowURIs = fixture.new.received.filter { $0.headers["x-strangler-shadow"] == "1" }.map(\.uri)
        #expect(shadowURIs == ["/api/jobs", "/api/jobs/1001"])
        // An id no mirrored write taught is not mirrored at all: counted, never sent as legacy's id.
        _ = try connection.request("GET", "/api/jobs/7")
        #expect(try await eventually { try fixture.report()?.skipped["unmappedID"] == 1 })
        #expect(!fixture.new.received.contains { $0.uri == "/api/jobs/7" })
        let report = try #require(try fixture.report())
        #expect(report.matched == 2 && report.mismatches.isEmpty, "\(report.mismatches)")
    }

    @Test func idsOnlyTheNewSideHasAreNotMirroredToLegacy() async throws {
        // The feature is on `new` with reverse shadow: legacy gets the copies. Videos from 1000 up were created
        // by the new side (its --id-base) and legacy cannot know them; legacy's own ids go to legacy unchanged.
        let fixture = try await Fixture.start(
            shadow: #"{ sample: 1.0, ids: [{ path: "/api/videos/{id}", new_from: 1000 }] }"#,
            mode: "new"
        )
        defer { fixture.stop() }
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        for id in [7, 1000, 1001, 999] {
            let response = try connection.request("GET", "/api/videos/\(id)")
            #expect(response.status == 200 && response.header("x-origin") == "new")
        }
        #expect(
            try await eventually {
                try fixture.report().map { $0.samples == 2 && $0.skipped["unmappedID"] == 2 } ?? false
            }
        )
        let shadowURIs = fixture.legacy.received.filter { $0.headers["x-strangler-shadow"] == "1" }.map(\.uri)
        #expect(shadowURIs.sorted() == ["/api/videos/7", "/api/videos/999"])
    }

    @Test func readsThatDifferOnlyUntilTheNewSideCatchesUpSettleOnARecheck() async throws {
        // Without settle, a lagging read model's first answer is a mismatch...
        let plain = try await Fixture.start(shadow: "{ sample: 1.0 }", newLagging: true)
        _ = try RawHTTPConnection(port: plain.proxy.port).request("GET", "/api/settling/a")
        #expect(try await eventually { try plain.report()?.samples == 1 })
        #expect(try plain.report()?.mismatches.map(\.path) == ["$.state"])
        plain.stop()
        // ...with `compare.settle`, both sides are asked again and the later answers decide.
        let fixture = try await Fixture.start(shadow: "{ sample: 1.0, compare: { settle: 200ms } }", newLagging: true)
        defer { fixture.stop() }
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        for key in ["a", "b"] {
            #expect(try connection.request("GET", "/api/settling/\(key)").status == 200)
        }
        #expect(try await eventually { try fixture.report().map { $0.samples == 2 && $0.settled == 2 } ?? false })
        let report = try #require(try fixture.report())
        #expect(report.matched == 2 && report.mismatched == 0)
        #expect(fixture.new.received.filter { $0.uri == "/api/settling/a" }.count == 2)
        // A read still behind at the first re-check is asked again, up to three times; then the answers stand.
        #expect(try connection.request("GET", "/api/settling/c?behind=3").status == 200)
        #expect(try connection.request("GET", "/api/settling/d?behind=4").status == 200)
        #expect(try await eventually { try fixture.report().map { $0.samples == 4 } ?? false })
        let later = try #require(try fixture.report())
        #expect(later.matched == 3 && later.settled == 3 && later.mismatches.map(\.path) == ["$.state"])
        #expect(fixture.new.received.filter { $0.uri.hasPrefix("/api/settling/c") }.count == 4)
        #expect(fixture.new.received.filter { $0.uri.hasPrefix("/api/settling/d") }.count == 4)
    }

    @Test func writesAreNotMirroredUnlessTheFeatureSaysSo() async throws {
        let fixture = try await Fixture.start(shadow: "{ sample: 1.0 }")
        defer { fixture.stop() }
        let response = try RawHTTPConnection(port: fixture.proxy.port).request(
            "POST",
            "/api/videos",
            body: Array("x".utf8)
        )
        #expect(response.status == 200)
        #expect(try await eventually { try fixture.report()?.skipped["writesSkipped"] == 1 })
        #expect(fixture.new.requestCount == 0)
    }

    @Test func aSlowShadowNeverSlowsTheUser() async throws {
        let fixture = try await Fixture.start(shadow: "{ sample: 1.0, timeout: 1s }", newDelay: .seconds(3))
        defer { fixture.stop() }
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        let started = ContinuousClock.now
        for i in 0..<20 {
            #expect(try connection.request("GET", "/api/feed?i=\(i)").status == 200)
        }
        // Twenty answers while every shadow takes 3 s: the user never waited for one.
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(try await eventually(timeout: .seconds(15)) { try fixture.report()?.new.timeouts == 20 })
    }

    @Test func aDeadShadowNeverFailsTheUser() async throws {
        let fixture = try await Fixture.start(shadow: "{ sample: 1.0 }", newPort: try await Fixture.deadPort())
        defer { fixture.stop() }
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        for i in 0..<50 {
            #expect(try connection.request("GET", "/api/feed?i=\(i)").status == 200)
        }
        // Every copy is counted: the first ones as the new side's errors; once a few failed in a row, the side
        // is paused and the rest are not even tried (each would cost a connection attempt).
        #expect(try await eventually { try fixture.report().map(Fixture.newErrorsAndPaused) == 50 })
        let report = try #require(try fixture.report())
        #expect(report.new.errors >= 5)
        #expect(report.skipped["shadowDown", default: 0] > 0)
    }

    @Test func aShadowSideIsTriedAgainOnceItIsBack() async throws {
        let port = try await Fixture.deadPort()
        let fixture = try await Fixture.start(shadow: "{ sample: 1.0 }", newPort: port)
        defer { fixture.stop() }
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        var sent = 0
        let paused = try await eventually {
            sent += 1
            _ = try connection.request("GET", "/api/feed?down=\(sent)")
            return (try fixture.report()?.skipped["shadowDown", default: 0] ?? 0) > 0
        }
        #expect(paused)
        // The new side comes up on the same port: once the pause is over, copies reach it again.
        let back = try await TestOrigin(group: MultiThreadedEventLoopGroup.singleton, port: port, name: "new")
        defer { back.close() }
        let reached = try await eventually {
            sent += 1
            _ = try connection.request("GET", "/api/feed?up=\(sent)")
            return back.requestCount > 0
        }
        #expect(reached)
    }

    @Test func aShadowThatResetsConnectionsNeverFailsTheUser() async throws {
        let fixture = try await Fixture.start(shadow: "{ sample: 1.0 }", newResets: true)
        defer { fixture.stop() }
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        for i in 0..<20 {
            #expect(try connection.request("GET", "/api/feed?i=\(i)").status == 200)
        }
        // Each copy that reached the new side was reset there and is counted as its error; once a few were in a
        // row, the side is paused and the rest are counted as not tried.
        #expect(try await eventually { try fixture.report().map(Fixture.newErrorsAndPaused) == 20 })
        let report = try #require(try fixture.report())
        #expect(report.new.errors >= 5)
        #expect(fixture.new.requestCount == report.new.errors)
    }

    @Test func anUploadRefusedBeforeItsBodyEndsIsCountedNotMirrored() async throws {
        let fixture = try await Fixture.start(shadow: "{ sample: 1.0, writes: mirror }")
        defer { fixture.stop() }
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        // Half of a 1 MiB body: legacy refuses the upload from its head, before the rest could arrive.
        try connection.send("POST /api/videos/early HTTP/1.1\r\nHost: test.local\r\nContent-Length: 1048576\r\n\r\n")
        try connection.send([UInt8](repeating: 0x61, count: 512 * 1024))
        #expect(try connection.readResponse(method: "POST").status == 413)
        // No whole request to mirror: counted (and its in-flight place given back), never sent.
        #expect(try await eventually { try fixture.report()?.skipped["requestIncomplete"] == 1 })
        #expect(fixture.new.requestCount == 0)
    }

    @Test func a200MBUploadIsMirroredByteExactWithBoundedMemory() async throws {
        let fixture = try await Fixture.start(shadow: "{ sample: 1.0, writes: mirror, max_body: 256MiB, timeout: 30s }")
        defer { fixture.stop() }
        let sampler = MemorySampler(pid: fixture.proxy.process.processIdentifier)
        let digest = try Self.upload(to: fixture.proxy.port, size: 200 * 1024 * 1024)
        #expect(fixture.legacy.received.last?.bodySHA256 == digest)
        #expect(try await eventually(timeout: .seconds(30)) { fixture.new.received.last?.bodySHA256 == digest })
        let peak = await sampler.stop()
        #expect(peak < 96 * 1024 * 1024, "proxy peak anonymous RSS \(peak / 1_048_576) MB")
        let spool = fixture.proxy.directory.appendingPathComponent("state/spool").path
        #expect(try await eventually { (try? FileManager.default.contentsOfDirectory(atPath: spool))?.isEmpty == true })
    }

    @Test func anUploadOverMaxBodyIsSkippedAndCounted() async throws {
        let fixture = try await Fixture.start(shadow: "{ sample: 1.0, writes: mirror, max_body: 64MiB }")
        defer { fixture.stop() }
        let digest = try Self.upload(to: fixture.proxy.port, size: 80 * 1024 * 1024)
        #expect(fixture.legacy.received.last?.bodySHA256 == digest)
        #expect(try await eventually { try fixture.report()?.skipped["bodyTooLarge"] == 1 })
        #expect(fixture.new.requestCount == 0)
    }

    @Test func replayingACaptureGivesTheLiveOutcomeCounts() async throws {
        // The echo origin reflects request headers, and only live shadows differ by X-Strangler-Shadow.
        let fixture = try await Fixture.start(
            shadow: #"{ sample: 1.0, capture: 1.0, compare: { ignore: ["$.headers"] } }"#
        )
        defer { fixture.stop() }
        let connection = try RawHTTPConnection(port: fixture.proxy.port)
        for i in 0..<12 {
            #expect(try connection.request("GET", "/api/feed?page=\(i)").status == 200)
        }
        #expect(try await eventually { try fixture.report()?.samples == 12 })
        let live = try #require(try fixture.report())
        let captureFile = fixture.proxy.directory.appendingPathComponent("state/captures/feed.jsonl").path
        #expect(
            try await eventually {
                ((try? String(contentsOfFile: captureFile, encoding: .utf8)) ?? "").split(separator: "\n").count == 12
            }
        )

        let replayState = fixture.proxy.directory.appendingPathComponent("replay-state").path
        let replay = Process()
        replay.executableURL = ProxyProcess.productsDirectory.appendingPathComponent("strangler")
        replay.arguments = [
            "shadow", "replay", captureFile, "--routes", fixture.proxy.routesFile.path, "--state", replayState,
        ]
        replay.standardOutput = FileHandle.nullDevice
        replay.standardError = FileHandle.nullDevice
        try replay.run()
        replay.waitUntilExit()
        #expect(replay.terminationStatus == 0)
        let store = try ShadowStore(path: replayState + "/shadow.sqlite")
        let replayed = try #require(
            try ShadowReport.make(store: store, feature: "feed", thresholds: { _ in VerdictSettings() }).first
        )
        #expect(replayed.samples == live.samples)
        #expect(replayed.matched == live.matched)
        #expect(replayed.mismatched == live.mismatched)
        #expect(replayed.mismatches.map(\.path) == live.mismatches.map(\.path))
        #expect(replayed.mismatches.map(\.count) == live.mismatches.map(\.count))
    }

    /// Streams `size` bytes to `/api/videos`; returns their SHA-256.
    static func upload(to port: Int, size: Int) throws -> String {
        let connection = try RawHTTPConnection(port: port, timeoutSeconds: 60)
        try connection.send(
            "POST /api/videos HTTP/1.1\r\nHost: t\r\nContent-Type: video/mp4\r\nContent-Length: \(size)\r\n\r\n"
        )
        var hasher = SHA256()
        var block = [UInt8](repeating: 7, count: 1024 * 1024)
        for i in 0..<(size / block.count) {
            block[i % block.count] = UInt8(truncatingIfNeeded: i)
            hasher.update(data: block)
            try connection.send(block)
        }
        let response = try connection.readResponse()
        guard response.status == 200 else { throw TestFailure("upload answered \(response.status)") }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
