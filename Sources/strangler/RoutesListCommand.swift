import ArgumentParser
import StranglerCore

/// `strangler routes list`: the route table as a table, one row per route.
struct RoutesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show each feature's routes, mode and upstreams, then the fallback.",
        discussion: """
            One row per route: the feature, its mode (with the canary percent), the methods (* for any), the \
            path pattern, and the legacy → new upstreams. Requests no route matches go to the fallback upstream.
            """
    )

    @OptionGroup var options: RoutesFileOptions

    func run() throws {
        let table = try RoutesFileOptions.load(options.path ?? RoutesFileOptions.defaultPath)
        print(Self.render(table))
    }

    /// The table text.
    static func render(_ table: RouteTable) -> String {
        var rows = [["FEATURE", "MODE", "METHODS", "PATH", "UPSTREAMS (legacy → new)"]]
        for feature in table.features {
            let mode = feature.mode == .canary ? "canary \(feature.percent)%" : feature.mode.rawValue
            for (index, route) in feature.routes.enumerated() {
                rows.append([
                    index == 0 ? feature.name : "",
                    index == 0 ? mode : "",
                    route.methodsText,
                    route.path.text,
                    index == 0 ? "\(feature.legacy) → \(feature.new)" : "",
                ])
            }
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            zip(row, widths).map { cell, width in cell.padding(to: width) }.joined(separator: "  ")
                .trimmingTrailingSpaces
        }
        if table.features.isEmpty { lines.append("(no features: every request goes to the fallback)") }
        let fallback = table.upstream(named: table.fallback)
        lines.append("")
        lines.append(
            "fallback: \(table.fallback)" + (fallback.map { " (\($0.url))" } ?? "") + ", for every other request"
        )
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
