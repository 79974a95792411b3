import Foundation
import Testing

/// `strangler status`, run as a user runs it: against a live proxy, and with no proxy running.
@Suite(.serialized)
struct StatusCommandTests {
    @Test func printsEachFeatureAndTheUnclaimedTrafficOfTheRunningProxy() async throws {
        let fixture = try await MigrationFixture.start()
        defer { fixture.stop() }
        let sent = try fixture.send(feed: 20, videos: 100, unclaimed: 15)
        _ = try await fixture.overviewWithAllSamples(sent)
        // The test's route file asks for any free admin port; the CLI needs the one the proxy got.
        let routes = fixture.proxy.directory.appendingPathComponent("cli-routes.yaml")
        let text = try String(contentsOf: fixture.proxy.routesFile, encoding: .utf8)
            .replacingOccurrences(of: "listen: 127.0.0.1:0,", with: "listen: 127.0.0.1:\(fixture.proxy.adminPort),")
        try text.write(to: routes, atomically: true, encoding: .utf8)
        let state = fixture.proxy.directory.appendingPathComponent("state").path

        let output = try Self.strangler(
            ["status", "--routes", routes.path, "--state", state],
            token: fixture.proxy.token
        )
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("proxy running: table r1") == true, "\(output)")
        let share = Self.percent(Double(sent.videosOnNew) * 100 / 100)
        let videos = try #require(lines.first { $0.hasPrefix("videos ") }, "\(output)")
        #expect(videos.contains("canary 50%") && videos.contains(share) && videos.contains(" 100 "), "\(videos)")
        #expect(videos.contains("NOT READY") && videos.contains("absent → canary 50% (start"), "\(videos)")
        let feed = try #require(lines.first { $0.hasPrefix("feed ") }, "\(output)")
        #expect(feed.contains("shadow") && feed.contains(" 0% ") && feed.contains("100%"), "\(feed)")
        #expect(lines.contains { $0.hasPrefix("  videos: NOT READY: mismatch 100.0%") }, "\(output)")
        #expect(lines.contains { $0.hasPrefix("unclaimed: 15 requests in the last 5 min") }, "\(output)")

        let json = try Self.strangler(
            ["status", "--json", "--routes", routes.path, "--state", state],
            token: fixture.proxy.token
        )
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((object?["unclaimed"] as? [String: Any])?["requests_recent"] as? Int == 15)
        #expect((object?["features"] as? [[String: Any]])?.count == 2)
    }

    @Test func withoutAProxyShowsModesAndLastFlipsFromFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strangler-status-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let routes = directory.appendingPathComponent("routes.yaml")
        // Port 1 on loopback: nothing listens there.
        let yaml = ProxyProcess.routes(
            upstreams: [("legacy", 9), ("new", 9)],
            features: """
                features:
                  - name: feed
                    routes:
                      - { path: /api/feed }
                    legacy: legacy
                    new: new
                    mode: legacy
                """
        ).replacingOccurrences(of: "listen: 127.0.0.1:0,", with: "listen: 127.0.0.1:1,")
        try yaml.write(to: routes, atomically: true, encoding: .utf8)
        let state = directory.appendingPathComponent("state").path
        let common = ["--routes", routes.path, "--state", state]
        _ = try Self.strangler(["flip", "feed", "shadow", "--reason", "prove parity"] + common, token: "t")

        let output = try Self.strangler(["status"] + common, token: "t")
        #expect(output.hasPrefix("proxy not running: nothing answers on 127.0.0.1:1"), "\(output)")
        let feed = try #require(output.split(separator: "\n").first { $0.hasPrefix("feed ") }, "\(output)")
        #expect(feed.contains("shadow") && feed.contains("r1 legacy → shadow (flip by"), "\(feed)")
    }

    static func percent(_ value: Double) -> String {
        String(format: value >= 99.95 || value == 0 ? "%.0f%%" : "%.1f%%", value)
    }

    /// Runs the `strangler` executable; returns its standard output, failing on a non-zero exit.
    static func strangler(_ arguments: [String], token: String) throws -> String {
        let process = Process()
        process.executableURL = ProxyProcess.productsDirectory.appendingPathComponent("strangler")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["STRANGLER_TEST_TOKEN"] = token
        environment["STRANGLER_ACTOR"] = "status-test"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw TestFailure(
                "strangler \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(text)"
            )
        }
        return text
    }
}
