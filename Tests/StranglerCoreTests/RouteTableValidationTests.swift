import Foundation
import StranglerCore
import Testing

/// Every way a route file is rejected, with the exact position the error points at.
struct RouteTableValidationTests {
    /// An edit of `Fixtures.base` and the error it must produce.
    struct Case: CustomTestStringConvertible, Sendable {
        var replace: String
        var with: String
        var line: Int
        var column: Int
        var message: String

        var testDescription: String { "\(message) @\(line):\(column)" }

        init(_ replace: String, _ with: String, _ line: Int, _ column: Int, _ message: String) {
            self.replace = replace
            self.with = with
            self.line = line
            self.column = column
            self.message = message
        }
    }

    static let cases: [Case] = [
        // Unknown keys, with the allowed ones and a guess.
        Case(
            "fallback: legacy",
            "fallback: legacy\nfalback: x",
            7,
            1,
            "unknown key 'falback' in the route file; did you mean 'fallback'?"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    percnt: 5",
            14,
            5,
            "unknown key 'percnt' in feature 'feed'; did you mean 'percent'?"
        ),
        Case("methods: [GET]", "method: [GET]", 10, 28, "unknown key 'method' in a route of feature 'feed'"),
        Case(
            "mode: shadow",
            "mode: shadow\n    shadow: { smaple: 1 }",
            14,
            15,
            "(allowed: sample, timeout, max_body, writes, compare, capture, ids)"
        ),
        // Shadow ids and settle.
        Case(
            "mode: shadow",
            "mode: shadow\n    shadow: { ids: [{ field: $.job_id, path: \"/api/x/{a}/{b}\" }] }",
            14,
            46,
            "'/api/x/{a}/{b}' must name the id in exactly one {name} segment"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    shadow: { ids: [{ field: \"$.items[0].id\", path: \"/api/x/{id}\" }] }",
            14,
            30,
            "'$.items[0].id' must be a JSON path of object keys, as in $.job_id"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    shadow: { ids: [{ path: \"/api/x/{id}\" }] }",
            14,
            21,
            "an id rule needs `field` (learn id pairs from mirrored writes), `new_from`"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    shadow: { ids: [{ path: \"/api/x/{id}\", new_from: 0 }] }",
            14,
            54,
            "'shadow.ids[].new_from' must be a whole number from 1"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    shadow: { compare: { settle: soon } }",
            14,
            34,
            "'compare.settle' must be a duration"
        ),
        Case(
            "listen: 127.0.0.1:8080",
            "listen: 127.0.0.1:8080\nproxy: { idle: 5s }",
            3,
            10,
            "unknown key 'idle' in proxy"
        ),
        Case(
            "listen: 127.0.0.1:8080",
            "listen: 127.0.0.1:8080\nadmin: { token: X }",
            3,
            10,
            "unknown key 'token' in admin"
        ),
        // Missing required keys point at the mapping.
        Case("fallback: legacy\n", "", 1, 1, "missing required key 'fallback' in the route file"),
        Case("version: 1\n", "", 1, 1, "missing required key 'version'"),
        Case("    new: feed\n", "", 8, 5, "missing required key 'new' in feature 'feed'"),
        Case("    mode: shadow\n", "", 8, 5, "missing required key 'mode' in feature 'feed'"),
        Case(
            "{ path: /api/feed, methods: [GET] }",
            "{ methods: [GET] }",
            10,
            9,
            "missing required key 'path' in a route of feature 'feed'"
        ),
        Case("new: feed", "new:", 12, 5, "'new' in feature 'feed' has no value"),
        // Wrong types.
        Case("listen: 127.0.0.1:8080", "listen: [a, b]", 2, 9, "'listen' must be a text value, found a list"),
        Case("      - { path: /api/feed, methods: [GET] }", "      /api/feed", 10, 7, "'routes' must be a list"),
        Case("methods: [GET]", "methods: GET", 10, 37, "'methods' must be a list"),
        Case("methods: [GET]", "methods: []", 10, 37, "'methods' is empty"),
        Case("methods: [GET]", "methods: [GE T]", 10, 38, "'GE T' is not an HTTP method"),
        Case("  - name: feed", "  feed:\n    name: feed", 8, 3, "'features' must be a list"),
        Case("fallback: legacy", "fallback: [legacy]", 6, 11, "'fallback' must be a text value, found a list"),
        Case("features:\n", "features:\n  - 12\n", 8, 5, "feature #1 must be a mapping of name, routes,"),
        Case(
            "upstreams:\n  legacy: http://127.0.0.1:9000\n  feed: http://127.0.0.1:9102",
            "upstreams: [legacy, feed]",
            3,
            12,
            "'upstreams' must map names to URLs"
        ),
        Case(
            "    routes:\n      - { path: /api/feed, methods: [GET] }",
            "    routes: []",
            9,
            13,
            "feature 'feed' needs at least one route"
        ),
        // Version and addresses.
        Case("version: 1", "version: 2", 1, 10, "unsupported route file version 2; this strangler reads version 1"),
        Case("version: 1", "version: one", 1, 10, "'version' must be a whole number"),
        Case("listen: 127.0.0.1:8080", "listen: 127.0.0.1", 2, 9, "missing port"),
        Case("listen: 127.0.0.1:8080", "listen: 127.0.0.1:99999", 2, 9, "port '99999' is not a number in 0...65535"),
        Case("listen: 127.0.0.1:8080", "listen: \":8080\"", 2, 9, "missing host"),
        Case("listen: 127.0.0.1:8080", "listen: ::1:8080", 2, 9, "IPv6 hosts need brackets"),
        Case(
            "listen: 127.0.0.1:8080",
            "listen: 127.0.0.1:8080\nadmin: { listen: nowhere }",
            3,
            18,
            "'admin.listen' is not a HOST:PORT address"
        ),
        Case(
            "listen: 127.0.0.1:8080",
            "listen: 127.0.0.1:8080\nadmin: { token_env: 1X }",
            3,
            21,
            "must name an environment variable"
        ),
        // Upstream URLs.
        Case("http://127.0.0.1:9102", "https://127.0.0.1:9102", 5, 9, "upstream 'feed': https:// is not supported"),
        Case("http://127.0.0.1:9102", "127.0.0.1:9102", 5, 9, "'127.0.0.1:9102' is not an http://HOST:PORT URL"),
        Case("http://127.0.0.1:9102", "http://127.0.0.1:9102/api", 5, 9, "the URL must not have a path"),
        Case("http://127.0.0.1:9102", "http://127.0.0.1:0", 5, 9, "port 0 is not a usable port"),
        Case("http://127.0.0.1:9102", "http://127.0.0.1:x", 5, 9, "port 'x' is not a number"),
        Case("  feed: http", "  fe ed: http", 5, 3, "upstream name 'fe ed' may only use letters, digits, '-' and '_'"),
        // References to upstreams.
        Case("fallback: legacy", "fallback: legcy", 6, 11, "unknown upstream 'legcy' (known: legacy, feed)"),
        Case("    legacy: legacy", "    legacy: old", 11, 13, "unknown upstream 'old' (known: legacy, feed)"),
        Case("new: feed", "new: fed", 12, 10, "unknown upstream 'fed' (known: legacy, feed)"),
        // Mode and percent.
        Case(
            "mode: shadow",
            "mode: shaddow",
            13,
            11,
            "unknown mode 'shaddow' for feature 'feed' (one of: legacy | shadow | canary | new)"
        ),
        Case("mode: shadow", "mode: [new]", 13, 11, "'mode' must be a text value"),
        Case(
            "mode: shadow",
            "mode: canary\n    percent: 101",
            14,
            14,
            "'percent' must be a whole number from 0 to 100, found '101'"
        ),
        Case("mode: shadow", "mode: canary\n    percent: -1", 14, 14, "'percent' must be a whole number from 0 to 100"),
        Case("mode: shadow", "mode: canary\n    percent: 12.5", 14, 14, "found '12.5'"),
        Case("mode: shadow", "mode: canary\n    percent: 25%", 14, 14, "found '25%'"),
        Case("mode: shadow", "mode: canary\n    percent: \"25\"", 14, 14, "'percent' must be a whole number"),
        // Samples, durations, sizes.
        Case(
            "mode: shadow",
            "mode: shadow\n    shadow: { sample: 1.5 }",
            14,
            23,
            "'shadow.sample' must be a number from 0 to 1, found '1.5'"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    shadow: { sample: -0.1 }",
            14,
            23,
            "'shadow.sample' must be a number from 0 to 1"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    noise: { sample: 2 }",
            14,
            22,
            "'noise.sample' must be a number from 0 to 1"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    shadow: { timeout: 5 }",
            14,
            24,
            "'shadow.timeout' must be a duration such as 250ms, 5s or 2m, found '5'"
        ),
        Case("mode: shadow", "mode: shadow\n    shadow: { timeout: 5 sec }", 14, 24, "must be a duration"),
        Case(
            "mode: shadow",
            "mode: shadow\n    shadow: { timeout: 0s }",
            14,
            24,
            "'shadow.timeout' must be longer than 0"
        ),
        Case("mode: shadow", "mode: shadow\n    guard: { window: soon }", 14, 22, "'guard.window' must be a duration"),
        Case(
            "listen: 127.0.0.1:8080",
            "listen: 127.0.0.1:8080\nproxy: { connect_timeout: 2 }",
            3,
            27,
            "'connect_timeout' must be a duration"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    shadow: { max_body: 64MB }",
            14,
            25,
            "'shadow.max_body' must be a size such as 65536, 512KiB, 64MiB or 1GiB, found '64MB' "
                + "(sizes use binary units: KiB, MiB, GiB)"
        ),
        Case("mode: shadow", "mode: shadow\n    shadow: { max_body: lots }", 14, 25, "must be a size"),
        Case(
            "listen: 127.0.0.1:8080",
            "listen: 127.0.0.1:8080\nproxy: { max_body_bytes: 1.5GiB }",
            3,
            26,
            "'max_body_bytes' must be a size"
        ),
        Case(
            "listen: 127.0.0.1:8080",
            "listen: 127.0.0.1:8080\nproxy: { max_header_bytes: 10 }",
            3,
            28,
            "'max_header_bytes' must be at least 1024 bytes"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    shadow: { writes: always }",
            14,
            23,
            "'shadow.writes' must be mirror or skip, found 'always'"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    shadow: { compare: { ignore: [served_at] } }",
            14,
            35,
            "'served_at' is not a JSON path; write it like $.items[*].title"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    shadow: { compare: { numeric_tolerance: -1 } }",
            14,
            45,
            "'compare.numeric_tolerance' must be a number from 0"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    verdict: { min_samples: 0 }",
            14,
            29,
            "'verdict.min_samples' must be a whole number from 1"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    guard: { max_error_pct: 101 }",
            14,
            29,
            "'guard.max_error_pct' must be a number from 0 to 100"
        ),
        // Sticky keys.
        Case(
            "mode: shadow",
            "mode: shadow\n    sticky: user",
            14,
            13,
            "'sticky' must be header:NAME or cookie:NAME, found 'user'"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    sticky: \"header:\"",
            14,
            13,
            "'sticky' must be header:NAME or cookie:NAME, found 'header:'"
        ),
        Case("mode: shadow", "mode: shadow\n    sticky: query:id", 14, 13, "found 'query:id'"),
        Case("mode: shadow", "mode: shadow\n    sticky: header:X User", 14, 13, "found 'header:X User'"),
        // Names.
        Case(
            "name: feed",
            "name: the feed",
            8,
            11,
            "feature name 'the feed' may only use letters, digits, '-' and '_'"
        ),
        // Path patterns.
        Case("path: /api/feed", "path: api/feed", 10, 17, "bad path 'api/feed': a path must start with '/'"),
        Case("path: /api/feed", "path: /api/*/x", 10, 17, "'*' must be the whole last segment"),
        Case("path: /api/feed", "path: /api/feed*", 10, 17, "'*' must be the whole last segment"),
        Case("path: /api/feed", "path: \"/api/v{id}\"", 10, 17, "'{name}' must be a whole segment"),
        Case("path: /api/feed", "path: \"/api/{}\"", 10, 17, "'{name}' must be a whole segment"),
        Case("path: /api/feed", "path: \"/api/{a}/{a}\"", 10, 17, "segment name '{a}' is used twice"),
        Case("path: /api/feed", "path: //api", 10, 17, "empty path segment"),
        Case("path: /api/feed", "path: /api/feed/", 10, 17, "empty path segment"),
        Case("path: /api/feed", "path: /api/feed?x=1", 10, 17, "the query string is not matched"),
        // Duplicates found by the YAML reader point at the second occurrence.
        Case(
            "  feed: http://127.0.0.1:9102",
            "  feed: http://127.0.0.1:9102\n  feed: http://127.0.0.1:9103",
            6,
            3,
            "duplicate key 'feed' in the same mapping (first at line 5)"
        ),
        Case(
            "mode: shadow",
            "mode: shadow\n    mode: new",
            14,
            5,
            "duplicate key 'mode' in the same mapping (first at line 13)"
        ),
        Case(
            "{ path: /api/feed, methods: [GET] }",
            "{ path: /api/feed, methods: [GET], path: /x }",
            10,
            44,
            "duplicate key 'path'"
        ),
        Case(
            "fallback: legacy",
            "fallback: legacy\nfallback: feed",
            7,
            1,
            "duplicate key 'fallback' in the same mapping (first at line 6)"
        ),
        // YAML syntax.
        Case("mode: shadow", "mode: shadow\n   broken: [", 14, 4, "invalid YAML: did not find expected '-' indicator"),
        // An unclosed flow list or mapping: libYAML gives up lines later; the error names the opening line.
        Case(
            "fallback: legacy",
            "fallback: [legacy",
            6,
            18,
            "the flow list opened at column 11 is not closed: ']' expected at the end of this line"
        ),
        Case(
            "methods: [GET] }",
            "methods: [GET]",
            10,
            42,
            "the flow mapping opened at column 9 is not closed: '}' expected at the end of this line"
        ),
        Case("    legacy: legacy", "    legacy: legacy\n  oops", 13, 8, "invalid YAML: could not find expected ':'"),
        Case("    new: feed", "    new: \"feed", 14, 1, "invalid YAML: found unexpected end of stream"),
    ]

    @Test(arguments: cases)
    func rejects(_ testCase: Case) throws {
        let yaml = Fixtures.base(replacing: testCase.replace, with: testCase.with)
        let error = try #require(throws: RouteTableError.self) { try RouteTableParser.parse(yaml, file: "routes.yaml") }
        #expect(error.message.contains(testCase.message), "\(error)")
        #expect(error.line == testCase.line && error.column == testCase.column, "\(error)")
        #expect(error.file == "routes.yaml")
    }

    @Test func theBaseFileIsValid() throws {
        #expect(try RouteTableParser.parse(Fixtures.base, file: "r.yaml").features.count == 1)
    }

    @Test(arguments: ["", "# only a comment\n"])
    func rejectsAnEmptyFile(_ yaml: String) throws {
        let error = try #require(throws: RouteTableError.self) { try RouteTableParser.parse(yaml, file: "r.yaml") }
        #expect(error.description == "r.yaml:1:1: the route file is empty; start with 'version: 1'")
    }

    @Test func rejectsARootThatIsNotAMapping() throws {
        let error = try #require(throws: RouteTableError.self) {
            try RouteTableParser.parse("- a\n- b\n", file: "r.yaml")
        }
        #expect(error.line == 1 && error.column == 1)
        #expect(error.message.contains("the route file must be a mapping"))
    }

    @Test func rejectsDuplicateFeatureNames() throws {
        let yaml = Fixtures.twoFeatures("{ path: /a, methods: [GET] }", "{ path: /b, methods: [GET] }")
            .replacingOccurrences(of: "name: b", with: "name: a")
        let error = try #require(throws: RouteTableError.self) { try RouteTableParser.parse(yaml, file: "r.yaml") }
        #expect(error.description == "r.yaml:14:11: duplicate feature name 'a' (first at line 8)")
    }
}
