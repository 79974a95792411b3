import Foundation
import ServiceTestSupport

/// A `legacy-stub` process started for one test, on a free port with a fresh data directory.
final class StubProcess: @unchecked Sendable {
    private let data: ScratchDirectory
    private let service: ServiceProcess

    /// The process's data directory (`--data`).
    var dataDirectory: URL { data.url }

    /// The port it printed.
    var port: Int { service.port }

    /// Starts the stub with `arguments` (plus `--port 0 --data <temp>`) and `environment` additions,
    /// runs `body`, and always kills the process and removes its data directory afterwards.
    static func with<T>(
        arguments: [String] = [],
        environment: [String: String] = [:],
        _ body: (StubProcess) async throws -> T
    ) async throws -> T {
        let stub = try StubProcess(arguments: arguments, environment: environment)
        defer { stub.stop() }
        return try await body(stub)
    }

    private init(arguments: [String], environment: [String: String]) throws {
        data = try ScratchDirectory("legacy-stub-test")
        do {
            service = try ServiceProcess(
                "legacy-stub",
                arguments: ["--data", data.url.path] + arguments,
                environment: environment
            )
        } catch {
            data.remove()
            throw error
        }
    }

    /// Kills the process and deletes its data directory.
    func stop() {
        service.stop()
        data.remove()
    }

    /// A client for this stub.
    var client: HTTPTestClient { service.client }

    /// Names of the files under `DATA/sub` (empty when the folder does not exist).
    func files(in sub: String) -> [String] { data.files(in: sub) }
}
