import StranglerCore
import Testing

/// Routes of different features that tie on precedence and could match one request are rejected;
/// routes that differ in specificity or methods are not.
struct RouteOverlapTests {
    static let rejected: [(String, String)] = [
        (#"{ path: "/api/x/{a}" }"#, #"{ path: "/api/x/{b}" }"#),
        ("{ path: /api/x, methods: [GET] }", "{ path: /api/x, methods: [POST, GET] }"),
        ("{ path: /api/x }", "{ path: /api/x, methods: [DELETE] }"),
        ("{ path: /api/x, methods: [GET] }", "{ path: /api/x, methods: [HEAD] }"),
        ("{ path: /media/* }", "{ path: /media/* }"),
        (#"{ path: "/api/{v}/*" }"#, #"{ path: "/api/{w}/*" }"#),
        (#"{ path: "/api/x/{a}" }"#, #"{ path: "/api/{b}/y" }"#),
    ]

    @Test(arguments: rejected)
    func rejects(_ routeA: String, _ routeB: String) throws {
        let yaml = Fixtures.twoFeatures(routeA, routeB)
        let error = try #require(throws: RouteTableError.self) { try RouteTableParser.parse(yaml, file: "r.yaml") }
        #expect(error.line == 16 && error.column == 17, "\(error)")
        #expect(error.message.contains("of feature 'b' overlaps route"), "\(error)")
        #expect(error.message.contains("of feature 'a' (line 10)"), "\(error)")
    }

    static let allowed: [(String, String)] = [
        (#"{ path: "/api/videos/*" }"#, #"{ path: "/api/videos/{id}" }"#),
        (#"{ path: "/api/videos/{id}" }"#, "{ path: /api/videos/upload }"),
        ("{ path: /api/* }", "{ path: /api/videos/* }"),
        (#"{ path: "/api/{a}/{b}" }"#, #"{ path: "/api/x/{b}" }"#),
        ("{ path: /api/x, methods: [GET] }", "{ path: /api/x, methods: [POST] }"),
        ("{ path: /api/x, methods: [HEAD] }", "{ path: /api/x, methods: [POST] }"),
        (#"{ path: "/api/x/{a}" }"#, #"{ path: "/api/y/{b}" }"#),
        (#"{ path: "/api/{a}" }"#, #"{ path: "/api/{a}/{b}" }"#),
    ]

    @Test(arguments: allowed)
    func allows(_ routeA: String, _ routeB: String) throws {
        let table = try RouteTableParser.parse(Fixtures.twoFeatures(routeA, routeB), file: "r.yaml")
        #expect(table.features.count == 2)
    }

    @Test func allowsTheSameRouteTwiceInOneFeature() throws {
        let yaml = Fixtures.twoFeatures("{ path: /a }\n      - { path: /a }", "{ path: /b }")
        #expect(try RouteTableParser.parse(yaml, file: "r.yaml").features[0].routes.count == 2)
    }
}
