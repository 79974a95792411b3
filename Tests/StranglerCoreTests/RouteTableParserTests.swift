import Foundation
import StranglerCore
import Testing

struct RouteTableParserTests {
    @Test func parsesTheDefaultRouteFile() throws {
        let table = try RouteTableParser.parse(try Fixtures.defaultRouteFile(), file: "routes/routes.yaml")
        #expect(table.version == 1)
        #expect(table.listen == HostPort(host: "127.0.0.1", port: 8080))
        #expect(
            table.admin
                == AdminSettings(listen: HostPort(host: "127.0.0.1", port: 8081), tokenEnv: "STRANGLER_ADMIN_TOKEN")
        )
        #expect(table.proxy == ProxySettings())
        #expect(table.upstreams.map(\.name) == ["legacy", "upload", "feed", "transcode"])
        #expect(table.upstream(named: "feed") == Upstream(name: "feed", host: "127.0.0.1", port: 9102))
        #expect(table.upstream(named: "feed")?.url == "http://127.0.0.1:9102")
        #expect(table.upstream(named: "nope") == nil)
        #expect(table.fallback == "legacy")
        #expect(table.features.map(\.name) == ["upload", "feed", "transcode"])
        #expect(table.features.allSatisfy { $0.mode == .legacy && $0.percent == 0 && $0.legacy == "legacy" })
        #expect(table.features.map(\.new) == ["upload", "feed", "transcode"])
        #expect(table.routeCount == 6)

        let upload = try #require(table.feature(named: "upload"))
        #expect(upload.routes.map(\.description) == ["POST /api/videos", "GET /api/videos/{id}", "GET /media/*"])
        #expect(upload.shadow.writes == .mirror)

        let feed = try #require(table.feature(named: "feed"))
        #expect(feed.sticky == .header("X-User-Id"))
        #expect(feed.shadow.sample == 1.0)
        #expect(feed.shadow.timeout == .seconds(5))
        #expect(feed.shadow.maxBody == 64 << 20)
        #expect(feed.shadow.writes == .skip)
        #expect(feed.shadow.compare.ignore == ["$.served_at", "$.items[*].view_count"])
        #expect(feed.shadow.compare.unordered == ["$.items[*].tags"])
        #expect(feed.shadow.compare.headers == ["content-type"])
        #expect(feed.noiseSample == 0.05)
        #expect(feed.verdict == VerdictSettings(minSamples: 100, maxMismatchPct: 1.0, maxP99Ratio: 1.5))
        #expect(feed.guardSettings == GuardSettings(window: .seconds(30), minRequests: 20, maxErrorPct: 50))

        let transcode = try #require(table.feature(named: "transcode"))
        #expect(transcode.routes.map(\.path.kind) == [.exact, .segments])
    }

    @Test func recordsTheMarksOfModeAndPercent() throws {
        let yaml = Fixtures.base(replacing: "mode: shadow", with: "mode: canary\n    percent: 25")
        let feature = try #require(try RouteTableParser.parse(yaml, file: "r.yaml").features.first)
        #expect(feature.mode == .canary)
        #expect(feature.percent == 25)
        #expect(feature.mark == SourceMark(line: 8, column: 5))
        #expect(feature.modeMark == SourceMark(line: 13, column: 11))
        #expect(feature.percentMark == SourceMark(line: 14, column: 14))
        let absent = try #require(try RouteTableParser.parse(Fixtures.base, file: "r.yaml").features.first)
        #expect(absent.percentMark == nil)
    }

    @Test func marksAreNotPartOfEquality() throws {
        let compact = try RouteTableParser.parse(Fixtures.base, file: "r.yaml")
        let spaced = try RouteTableParser.parse("\n\n" + Fixtures.base, file: "r.yaml")
        #expect(compact.features[0].modeMark != spaced.features[0].modeMark)
        #expect(compact == spaced)
    }

    @Test func appliesDefaults() throws {
        let table = try RouteTableParser.parse(Fixtures.base, file: "r.yaml")
        #expect(table.admin == AdminSettings())
        #expect(table.proxy.connectTimeout == .seconds(2))
        #expect(table.proxy.responseTimeout == .seconds(30))
        #expect(table.proxy.idleTimeout == .seconds(60))
        #expect(table.proxy.maxHeaderBytes == 32 * 1024)
        #expect(table.proxy.maxBodyBytes == 1 << 30)
        let feature = table.features[0]
        #expect(feature.percent == 0)
        #expect(feature.sticky == nil)
        #expect(feature.shadow == .disabled)
        #expect(feature.shadow.isEnabled == false)
        #expect(feature.noiseSample == 0)
        #expect(feature.verdict == VerdictSettings())
        #expect(feature.guardSettings == nil)
    }

    @Test func anEmptyShadowSectionMirrorsEverything() throws {
        let yaml = Fixtures.base(replacing: "mode: shadow", with: "mode: shadow\n    shadow: {}")
        let shadow = try RouteTableParser.parse(yaml, file: "r.yaml").features[0].shadow
        #expect(shadow == ShadowSettings(sample: 1.0, timeout: .seconds(5), maxBody: 64 << 20, writes: .skip))
        #expect(
            shadow.compare == CompareSettings(ignore: [], unordered: [], headers: ["content-type"], numericTolerance: 0)
        )
    }

    @Test func readsEverySection() throws {
        let yaml = Fixtures.base(
            replacing: "mode: shadow",
            with: """
                mode: canary
                    percent: 10
                    sticky: cookie:session
                    shadow:
                      sample: 0.25
                      timeout: 250ms
                      max_body: 512KiB
                      writes: mirror
                      compare:
                        ignore: ["$.a"]
                        unordered: ["$.b[*]"]
                        headers: [Content-Type, ETag]
                        numeric_tolerance: 0.01
                        settle: 2s
                      ids:
                        - { field: $.job.id, path: "/api/jobs/{job}" }
                    noise: { sample: 0.5 }
                    verdict: { min_samples: 7, max_mismatch_pct: 2.5, max_p99_ratio: 3 }
                    guard: { window: 2m, min_requests: 5, max_error_pct: 12.5 }
                """
        )
        .replacingOccurrences(
            of: "listen: 127.0.0.1:8080",
            with: """
                listen: "[::1]:0"
                admin: { listen: localhost:9999, token_env: MY_TOKEN }
                proxy:
                  connect_timeout: 1.5s
                  response_timeout: 1m
                  idle_timeout: 1h
                  max_header_bytes: 8192
                  max_body_bytes: 2GiB
                """
        )
        let table = try RouteTableParser.parse(yaml, file: "r.yaml")
        #expect(table.listen == HostPort(host: "::1", port: 0))
        #expect(table.listen.description == "[::1]:0")
        #expect(table.admin == AdminSettings(listen: HostPort(host: "localhost", port: 9999), tokenEnv: "MY_TOKEN"))
        #expect(
            table.proxy
                == ProxySettings(
                    connectTimeout: .milliseconds(1500),
                    responseTimeout: .seconds(60),
                    idleTimeout: .seconds(3600),
                    maxHeaderBytes: 8192,
                    maxBodyBytes: 2 << 30
                )
        )
        let feature = table.features[0]
        #expect(feature.percent == 10)
        #expect(feature.sticky == .cookie("session"))
        #expect(
            feature.shadow
                == ShadowSettings(
                    sample: 0.25,
                    timeout: .milliseconds(250),
                    maxBody: 512 * 1024,
                    writes: .mirror,
                    compare: CompareSettings(
                        ignore: ["$.a"],
                        unordered: ["$.b[*]"],
                        headers: ["content-type", "etag"],
                        numericTolerance: 0.01,
                        settle: .seconds(2)
                    ),
                    ids: [ShadowIDRule(field: "$.job.id", path: try PathPattern("/api/jobs/{job}"))!]
                )
        )
        #expect(feature.shadow.ids.first?.fieldKeys == ["job", "id"])
        #expect(feature.noiseSample == 0.5)
        #expect(feature.verdict == VerdictSettings(minSamples: 7, maxMismatchPct: 2.5, maxP99Ratio: 3))
        #expect(feature.guardSettings == GuardSettings(window: .seconds(120), minRequests: 5, maxErrorPct: 12.5))
    }

    @Test func anIDRuleRewritesOnlyItsOwnSegmentAndKeepsTheQuery() throws {
        let rule = try #require(ShadowIDRule(field: "$.job_id", path: try PathPattern("/api/jobs/{job}")))
        let known = ["7": "1007"]
        let rewrite = { (target: String) in rule.rewrite(target: target, shadowSide: .new) { known[$0] } }
        #expect(rewrite("/api/jobs/7?verbose=1") == .translated("/api/jobs/1007?verbose=1"))
        #expect(rewrite("/api/jobs/8") == .unmapped("8"))
        #expect(rewrite("/api/jobs") == nil)
        #expect(rewrite("/api/jobs/7/logs") == nil)
    }

    @Test func newFromSendsIDsBothSidesKnowUnchangedAndKeepsTheNewSidesOwnFromLegacy() throws {
        let rule = try #require(ShadowIDRule(field: nil, path: try PathPattern("/media/{video}/*"), newFrom: 1000))
        let none: (String) -> String? = { _ in "never asked without a field" }
        // Legacy's ids (below new_from) are read by the new side too: sent as they are, either way.
        #expect(
            rule.rewrite(target: "/media/999/original.mp4", shadowSide: .new, translate: none)
                == .translated("/media/999/original.mp4")
        )
        #expect(
            rule.rewrite(target: "/media/999/original.mp4", shadowSide: .legacy, translate: none)
                == .translated("/media/999/original.mp4")
        )
        // The new side's own ids: legacy cannot know them, so they are not mirrored there.
        #expect(
            rule.rewrite(target: "/media/1000/original.mp4", shadowSide: .legacy, translate: none) == .unmapped("1000")
        )
        #expect(
            rule.rewrite(target: "/media/1000/original.mp4", shadowSide: .new, translate: none)
                == .translated("/media/1000/original.mp4")
        )
        #expect(rule.rewrite(target: "/media", shadowSide: .legacy, translate: none) == nil)

        let paired = try #require(ShadowIDRule(field: "$.id", path: try PathPattern("/api/v/{id}"), newFrom: 1000))
        #expect(
            paired.rewrite(target: "/api/v/1001", shadowSide: .legacy) { $0 == "1001" ? "5" : nil }
                == .translated("/api/v/5")
        )
        #expect(
            paired.rewrite(target: "/api/v/1002", shadowSide: .legacy) { $0 == "1001" ? "5" : nil } == .unmapped("1002")
        )
        #expect(ShadowIDRule(field: nil, path: try PathPattern("/api/v/{id}")) == nil)
    }

    @Test func acceptsBareRoutePathsAndLowerCaseMethods() throws {
        let yaml = Fixtures.base(
            replacing: "- { path: /api/feed, methods: [GET] }",
            with: "- /api/feed\n      - { path: /api/x, methods: [get, post] }"
        )
        let routes = try RouteTableParser.parse(yaml, file: "r.yaml").features[0].routes
        #expect(routes[0].methods == nil)
        #expect(routes[1].methods == ["GET", "POST"])
    }

    @Test func acceptsNoFeatures() throws {
        let yaml =
            String(Fixtures.base.prefix(upTo: Fixtures.base.range(of: "features:")!.lowerBound)) + "features: []\n"
        let table = try RouteTableParser.parse(yaml, file: "r.yaml")
        #expect(table.features.isEmpty)
        #expect(CompiledRouteTable(table).match(method: "GET", path: "/api/feed") == .fallback)
    }

    @Test func errorDescriptionUsesTheGivenFileName() {
        let error = RouteTableError(file: "conf/routes.yaml", line: 12, column: 7, message: "unknown upstream 'fed'")
        #expect(error.description == "conf/routes.yaml:12:7: unknown upstream 'fed'")
    }
}
