import Foundation

/// The feed feature's contract: `GET /api/feed` for every seeded user and every bad input.
enum FeedContract {
    static func cases() -> [ContractCase] {
        var cases: [ContractCase] = []
        for user in 1...5 {
            for query in ["", "&limit=1", "&limit=7", "&limit=100", "&cursor=30", "&limit=3&cursor=11", "&cursor=1"] {
                cases.append(
                    ContractCase(
                        name: "feed-\(user)\(query)",
                        method: "GET",
                        path: "/api/feed?user_id=\(user)\(query)",
                        status: 200
                    )
                )
            }
        }
        let errors: [(String, String, Int, String)] = [
            ("missing-user", "/api/feed", 400, "missing_user_id"),
            ("empty-user", "/api/feed?user_id=", 400, "missing_user_id"),
            ("bad-user", "/api/feed?user_id=abc", 400, "bad_user_id"),
            ("zero-user", "/api/feed?user_id=0", 400, "bad_user_id"),
            ("unknown-user", "/api/feed?user_id=99", 404, "not_found"),
            ("limit-zero", "/api/feed?user_id=1&limit=0", 400, "bad_limit"),
            ("limit-too-big", "/api/feed?user_id=1&limit=101", 400, "bad_limit"),
            ("limit-text", "/api/feed?user_id=1&limit=ten", 400, "bad_limit"),
            ("bad-cursor", "/api/feed?user_id=1&cursor=abc", 400, "bad_cursor"),
            ("unicode-cursor", "/api/feed?user_id=1&cursor=%D9%A3", 400, "bad_cursor"),
        ]
        for (name, path, status, code) in errors {
            cases.append(ContractCase(name: name, method: "GET", path: path, status: status, code: code))
        }
        cases.append(
            ContractCase(name: "negative-cursor", method: "GET", path: "/api/feed?user_id=1&cursor=-5", status: 200)
        )
        cases.append(
            ContractCase(name: "feed-post", method: "POST", path: "/api/feed", status: 405, code: "method_not_allowed")
        )
        cases.append(
            ContractCase(name: "unknown-path", method: "GET", path: "/api/nothing-here", status: 404, code: "not_found")
        )
        return cases
    }
}
