import StranglerCore
import Testing

struct PathPatternTests {
    @Test(arguments: [
        ("/", PathPattern.Kind.exact),
        ("/api/feed", .exact),
        ("/api/videos/{id}", .segments),
        ("/api/{a}/x/{b}", .segments),
        ("/media/*", .prefix),
        ("/*", .prefix),
        ("/media/{video}/*", .prefix),
    ])
    func classifies(_ text: String, _ kind: PathPattern.Kind) throws {
        let pattern = try PathPattern(text)
        #expect(pattern.kind == kind)
        #expect(pattern.description == text)
    }

    @Test(arguments: [
        ("/api/feed", "/api/feed", true),
        ("/api/feed", "/api/feed/", false),
        ("/api/feed", "/api/fee", false),
        ("/api/feed", "/api/feeds", false),
        ("/", "/", true),
        ("/", "/a", false),
        ("/api/videos/{id}", "/api/videos/12", true),
        ("/api/videos/{id}", "/api/videos/", false),
        ("/api/videos/{id}", "/api/videos", false),
        ("/api/videos/{id}", "/api/videos/12/x", false),
        ("/api/{a}/x", "/api/q/x", true),
        ("/api/{a}/x", "/api/q/y", false),
        ("/media/*", "/media", true),
        ("/media/*", "/media/", true),
        ("/media/*", "/media/1/360p.mp4", true),
        ("/media/*", "/mediax", false),
        ("/media/*", "/medi", false),
        ("/*", "/", true),
        ("/*", "/anything/at/all", true),
        ("/media/{v}/*", "/media/1/a.mp4", true),
        ("/media/{v}/*", "/media/1", true),
        ("/media/{v}/*", "/media", false),
        ("/api/feed", "", false),
        ("/api/feed", "api/feed", false),
        ("/caf\u{e9}", "/caf\u{e9}", true),
    ])
    func matches(_ pattern: String, _ path: String, _ expected: Bool) throws {
        #expect(try PathPattern(pattern).matches(Substring(path)) == expected)
    }

    @Test func matchesASubstringOfALargerString() throws {
        let uri = "/api/videos/12?x=/y"
        let path = uri[..<uri.firstIndex(of: "?")!]
        #expect(try PathPattern("/api/videos/{id}").matches(path))
    }

    @Test(arguments: [
        "", "api", "/a//b", "/a/", "/a/*/b", "/a*", "/a/b*", "/{x", "/x}", "/a/{}", "/a/{1x}", "/{a}/{a}", "/a b",
        "/a?b",
    ])
    func rejects(_ text: String) {
        #expect(throws: PathPatternError.self) { try PathPattern(text) }
    }
}
