import ArgumentParser
import Foundation
import StranglerAudit
import StranglerCore
import StranglerProxy

/// `strangler status`: the migration at a glance.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the migration at a glance: each feature's mode, traffic split, parity, verdict, last flip.",
        discussion: """
            Asks the running proxy (GET /admin/overview) and prints one line per feature: its mode, the share of \
            its requests the new side answered over the last 5 minutes, the shadow match rate and p99 latency \
            ratio over the last 30 minutes, the verdict, and the last flip; then how much traffic no feature \
            claims (it still reaches legacy: what remains to migrate). The same picture, live, is at \
            http://ADMIN/admin/dashboard?token=TOKEN.

            When the proxy is not running, prints the modes from the route file and the last flips from the \
            audit log instead.
            """
    )

    @Flag(help: "Print JSON: the proxy's /admin/overview, or {running: false, features} when it is not running.")
    var json = false

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let table = try RoutesFileOptions.load(self.common.routes)
        let overview: Overview
        do {
            overview = try await AdminAPIClient(table: table, stateDirectory: self.common.state)
                .send("GET", "admin/overview", as: Overview.self)
        } catch is AdminAPIClient.NotRunning {
            let why = "proxy not running: nothing answers on \(table.admin.listen)"
            return try self.printOffline(table: table, why: why)
        } catch let failure as CommandFailure {
            return try self.printOffline(table: table, why: "cannot ask the proxy: \(failure.description)")
        } catch {
            printError("status failed: \(error)")
            throw ExitCode.failure
        }
        if self.json {
            print(try Self.encode(overview))
        } else {
            print(StatusTable.text(overview, admin: table.admin.listen.description))
        }
    }

    /// Modes from the route file, last flips from the audit log.
    private func printOffline(table: RouteTable, why: String) throws {
        let path = StatePaths.audit(in: self.common.state)
        let flips =
            FileManager.default.fileExists(atPath: path)
            ? try Overview.LastFlip.latest(in: AuditLog(path: path), features: table.features.map(\.name)) : [:]
        if self.json {
            let features = table.features.map {
                OfflineFeature(name: $0.name, mode: $0.mode.rawValue, percent: $0.percent, lastFlip: flips[$0.name])
            }
            print(try Self.encode(Offline(running: false, reason: why, features: features)))
        } else {
            print(StatusTable.offlineText(table: table, flips: flips, routes: self.common.routes, why: why))
        }
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private struct Offline: Encodable {
        let running: Bool
        let reason: String
        let features: [OfflineFeature]
    }

    private struct OfflineFeature: Encodable {
        let name: String
        let mode: String
        let percent: Int
        let lastFlip: Overview.LastFlip?

        enum CodingKeys: String, CodingKey { case name, mode, percent, lastFlip }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(self.name, forKey: .name)
            try c.encode(self.mode, forKey: .mode)
            try c.encode(self.percent, forKey: .percent)
            try c.encode(self.lastFlip, forKey: .lastFlip)
        }
    }
}
