import ArgumentParser
import Foundation
import StranglerCore
import StranglerShadow

/// `strangler shadow report [FEATURE]`: samples, match rate, mismatches by path, noise, latency, verdict.
struct ShadowReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Say whether each feature's new service answers like legacy, and whether it is ready.",
        discussion: """
            For each feature (or just FEATURE): samples compared, match and mismatch rates, mismatches grouped by \
            JSON path with counts and an example request id, paths learned as noise (fields that differ between \
            two legacy answers to the same request, such as timestamps), errors and timeouts per side, skipped \
            and dropped counts, latency percentiles of both sides with their ratio, and a verdict: READY, or \
            NOT READY with the reasons, from the feature's `verdict:` thresholds in the route file.
            """
    )

    @Argument(help: "The feature to report on. Default: every feature with results or with shadowing enabled.")
    var feature: String?

    @Option(
        help: ArgumentHelp(
            "Only results since this time: an age like 30m or 2h, or a date like 2026-05-01 or 2026-05-01T10:00:00Z.",
            valueName: "time"
        )
    )
    var since: String?

    @Flag(help: "Print the reports as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Write a self-contained HTML page with latency charts to this file.", valueName: "file"))
    var html: String?

    @OptionGroup var options: CommonOptions

    func validate() throws {
        if json && html != nil { throw ValidationError("Choose one of --json and --html.") }
        if let since, Self.parseSince(since, now: Date()) == nil {
            throw ValidationError("'\(since)' is not a time: write an age like 30m or 2h, or a date like 2026-05-01.")
        }
    }

    func run() throws {
        let now = Date()
        let table = try loadRouteTable()
        let path = URL(fileURLWithPath: options.state).appendingPathComponent("shadow.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else {
            printError(
                "error: no shadow results at '\(path)'. Put a feature in shadow mode (strangler flip FEATURE shadow) "
                    + "while the proxy runs with this --state folder, then report again."
            )
            throw ExitCode.failure
        }
        let store: ShadowStore
        var reports: [ShadowReport]
        do {
            store = try ShadowStore(path: path)
            let sinceDate = since.flatMap { Self.parseSince($0, now: now) }
            let thresholds = { (name: String) in table?.features.first { $0.name == name }?.verdict ?? VerdictSettings()
            }
            var names = try Set(store.features(since: sinceDate))
            names.formUnion(table?.features.filter { $0.shadow.isEnabled }.map(\.name) ?? [])
            if let feature {
                guard names.contains(feature) || table?.features.contains(where: { $0.name == feature }) == true else {
                    printError("error: no feature named '\(feature)' in the route file or in the shadow results.")
                    throw ExitCode.failure
                }
                names = [feature]
            }
            reports = try names.sorted().flatMap { name in
                try ShadowReport.make(store: store, feature: name, since: sinceDate, now: now, thresholds: thresholds)
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("error: cannot read shadow results from '\(path)': \(error)")
            throw ExitCode.failure
        }
        if json {
            print(String(decoding: try ShadowReport.json(reports), as: UTF8.self))
        } else if let html {
            try Data(ShadowReport.html(reports, generatedAt: now).utf8).write(to: URL(fileURLWithPath: html))
            print("wrote \(html) (\(reports.count) feature\(reports.count == 1 ? "" : "s"))")
        } else {
            print(reports.isEmpty ? "No shadow results yet." : reports.map(\.text).joined(separator: "\n\n"))
        }
    }

    /// The route table for thresholds; `nil` (default thresholds, with a warning) when the file does not exist.
    func loadRouteTable() throws -> RouteTable? {
        guard FileManager.default.fileExists(atPath: options.routes) else {
            printError("warning: no route file at '\(options.routes)'; using default verdict thresholds.")
            return nil
        }
        return try RoutesFileOptions.load(options.routes)
    }

    /// An age (`30m`, `2h`, `45s`) before `now`, or an ISO 8601 date or date-time.
    static func parseSince(_ text: String, now: Date) -> Date? {
        if let age = Quantity.parseDuration(text) {
            let (seconds, attoseconds) = age.components
            return now.addingTimeInterval(-(Double(seconds) + Double(attoseconds) / 1e18))
        }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day())
    }
}
