import StranglerCore
import Testing

struct CompiledRouteTableTests {
    /// Feature `fN` owns the routes at index N.
    static let precedenceTable = [
        ["* /api/videos/*"],
        ["* /api/videos/{id}"],
        ["* /api/videos/upload"],
        ["* /api/{section}/{id}"],
        ["* /api/*"],
        ["* /api/{section}/{id}/thumb"],
        ["* /api/videos/{id}/thumb"],
        ["* /api/videos/{id}/thumb/*"],
    ]

    @Test(arguments: [
        ("/api/videos/upload", 2),
        ("/api/videos/12", 1),
        ("/api/users/12", 3),
        ("/api/videos/12/thumb", 6),
        ("/api/users/12/thumb", 5),
        ("/api/videos/12/thumb/small", 7),
        ("/api/videos/12/other", 0),
        ("/api/videos", 0),
        ("/api/videos/", 0),
        ("/api/other/x/y/z", 4),
        ("/api", 4),
        ("/api/videos/12?x=1", 1),
        ("/api/videos/upload?x=1", 2),
    ])
    func mostSpecificRouteWins(_ path: String, _ feature: Int) throws {
        let compiled = CompiledRouteTable(try Fixtures.table(Self.precedenceTable))
        let match = compiled.match(method: "GET", path: Substring(path))
        #expect(match == RouteMatch(featureIndex: feature, routeIndex: 0))
    }

    @Test(arguments: ["/apix", "/other", "/", "", "api/videos/1"])
    func unmatchedPathsFallBack(_ path: String) throws {
        let compiled = CompiledRouteTable(try Fixtures.table(Self.precedenceTable))
        let match = compiled.match(method: "GET", path: Substring(path))
        #expect(match == .fallback)
        #expect(match.isFallback)
        #expect(compiled.feature(of: match) == nil)
    }

    @Test func tiesGoToFileOrder() throws {
        let forward = CompiledRouteTable(try Fixtures.table([["* /api/x/{a}"], ["* /api/{b}/y"]]))
        #expect(forward.match(method: "GET", path: "/api/x/y").featureIndex == 0)
        let backward = CompiledRouteTable(try Fixtures.table([["* /api/{b}/y"], ["* /api/x/{a}"]]))
        #expect(backward.match(method: "GET", path: "/api/x/y").featureIndex == 0)
        let exact = CompiledRouteTable(try Fixtures.table([["* /a", "GET /a"], ["* /a"]]))
        #expect(exact.match(method: "GET", path: "/a") == RouteMatch(featureIndex: 0, routeIndex: 0))
    }

    @Test(
        arguments: [
            ("GET", 0), ("HEAD", 0), ("POST", 1), ("DELETE", nil), ("get", nil), ("PURGE", 2),
        ] as [(String, Int?)]
    )
    func methodsSelectTheRoute(_ method: String, _ feature: Int?) throws {
        let compiled = CompiledRouteTable(try Fixtures.table([["GET /api/x"], ["POST /api/x"], ["PURGE /api/x"]]))
        #expect(compiled.match(method: method, path: "/api/x").featureIndex == feature)
    }

    @Test func headMatchesGetRoutesButNotTheOtherWayAround() throws {
        let compiled = CompiledRouteTable(try Fixtures.table([["GET /g", "GET /p/*"], ["HEAD /h"], ["POST /w"]]))
        #expect(compiled.match(method: "HEAD", path: "/g").featureIndex == 0)
        #expect(compiled.match(method: "HEAD", path: "/p/1").featureIndex == 0)
        #expect(compiled.match(method: "HEAD", path: "/h").featureIndex == 1)
        #expect(compiled.match(method: "GET", path: "/h").isFallback)
        #expect(compiled.match(method: "HEAD", path: "/w").isFallback)
    }

    @Test func aMethodMismatchFallsThroughToLessSpecificRoutes() throws {
        let compiled = CompiledRouteTable(try Fixtures.table([["GET /api/videos/upload"], ["POST /api/videos/*"]]))
        #expect(compiled.match(method: "POST", path: "/api/videos/upload").featureIndex == 1)
        #expect(compiled.match(method: "GET", path: "/api/videos/upload").featureIndex == 0)
        #expect(compiled.match(method: "GET", path: "/api/videos/other").isFallback)
    }

    @Test func routeIndexPointsAtTheMatchingRoute() throws {
        let compiled = CompiledRouteTable(try Fixtures.table([["GET /a", "POST /b", "* /c/{x}"]]))
        #expect(compiled.match(method: "POST", path: "/b") == RouteMatch(featureIndex: 0, routeIndex: 1))
        #expect(compiled.match(method: "PUT", path: "/c/1") == RouteMatch(featureIndex: 0, routeIndex: 2))
    }

    @Test func resolvesUpstreamsOfTheDefaultFile() throws {
        let compiled = CompiledRouteTable(
            try RouteTableParser.parse(try Fixtures.defaultRouteFile(), file: "routes.yaml")
        )
        let match = compiled.match(method: "GET", path: "/api/feed")
        let index = try #require(match.featureIndex)
        #expect(compiled.feature(of: match)?.name == "feed")
        #expect(compiled.upstream(featureIndex: index, side: .new).name == "feed")
        #expect(compiled.upstream(featureIndex: index, side: .legacy).name == "legacy")
        #expect(compiled.fallbackUpstream.name == "legacy")
        #expect(compiled.match(method: "POST", path: "/api/auth/login").isFallback)
        #expect(compiled.match(method: "GET", path: "/api/search").isFallback)
        #expect(compiled.match(method: "GET", path: "/api/users/1").isFallback)
        #expect(compiled.feature(of: compiled.match(method: "GET", path: "/media/3/360p.mp4"))?.name == "upload")
        #expect(compiled.feature(of: compiled.match(method: "GET", path: "/api/transcode/9"))?.name == "transcode")
        #expect(compiled.match(method: "GET", path: "/api/transcode").isFallback)
    }
}
