import Foundation
import StranglerCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Talks to a running proxy's admin API, found through the route file (`admin.listen`) and the token
/// (`admin.token_env`, or the state directory's generated token).
struct AdminAPIClient {
    /// The proxy is not running (nothing listens on the admin address).
    struct NotRunning: Error {}

    /// The admin API answered with an error.
    struct Rejected: Error, CustomStringConvertible {
        let status: Int
        let message: String
        var description: String { self.message }
    }

    let base: URL
    let token: String

    init(table: RouteTable, stateDirectory: String) throws {
        guard let token = AdminTokenSource.value(variable: table.admin.tokenEnv, stateDirectory: stateDirectory) else {
            throw CommandFailure(
                "no admin token: set \(table.admin.tokenEnv) to the proxy's token (or run from the directory whose "
                    + "--state holds admin-token)"
            )
        }
        self.base = URL(string: "http://\(table.admin.listen)")!
        self.token = token
    }

    /// Sends a request; decodes the JSON answer or throws ``Rejected`` with the error's message.
    func send<Answer: Decodable>(
        _ method: String,
        _ path: String,
        body: (some Encodable)? = nil as [String: String]?,
        as: Answer.Type
    ) async throws -> Answer {
        var request = URLRequest(url: self.base.appendingPathComponent(path))
        request.httpMethod = method
        request.setValue("Bearer \(self.token)", forHTTPHeaderField: "Authorization")
        request.setValue(Actor.current, forHTTPHeaderField: "X-Strangler-Actor")
        if let body {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            request.httpBody = try encoder.encode(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch let error as URLError where [.cannotConnectToHost, .networkConnectionLost].contains(error.code) {
            throw NotRunning()
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601  // the admin API writes dates as ISO 8601
        guard (200..<300).contains(status) else {
            let message = (try? decoder.decode(ErrorBody.self, from: data))?.error.message
            throw Rejected(status: status, message: message ?? "admin API answered \(status)")
        }
        return try decoder.decode(Answer.self, from: data)
    }

    private struct ErrorBody: Decodable {
        struct Detail: Decodable { let message: String }
        let error: Detail
    }
}
