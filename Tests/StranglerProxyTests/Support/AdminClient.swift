import Foundation

/// Calls the proxy's admin API.
struct AdminClient {
    let port: Int
    let token: String?

    func call(_ method: String, _ path: String) throws -> RawHTTPConnection.Response {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        return try RawHTTPConnection(port: self.port).request(
            method,
            path,
            headers: headers,
            body: method == "POST" ? [] : nil
        )
    }

    func status() throws -> [String: Any] {
        try self.call("GET", "/admin/status").json()
    }
}

extension ProxyProcess {
    var admin: AdminClient { AdminClient(port: self.adminPort, token: self.token) }
}
