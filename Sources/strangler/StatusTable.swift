import Foundation
import StranglerCore
import StranglerProxy

/// The text `strangler status` prints.
enum StatusTable {
    /// The running proxy's overview as a table, verdict reasons under it, and the unclaimed traffic.
    static func text(_ overview: Overview, admin: String, now: Date = Date()) -> String {
        var lines = [
            "proxy running: table r\(overview.revision), up \(self.duration(overview.uptimeS)), admin http://\(admin)",
            "",
        ]
        var rows = [["FEATURE", "MODE", "NEW SHARE 5m", "REQ 5m", "MATCH", "P99 RATIO", "VERDICT", "LAST FLIP"]]
        var reasons: [String] = []
        for feature in overview.features {
            let shadow = feature.shadow.flatMap { $0.samples > 0 ? $0 : nil }
            rows.append([
                feature.name,
                self.mode(feature.mode, percent: feature.percent),
                feature.newShareRecent.map { self.percent($0 * 100) } ?? "-",
                "\(feature.requestsRecent)",
                shadow.map { self.percent($0.matchPct) } ?? "-",
                shadow?.p99Ratio.map { String(format: $0 < 1 ? "%.2fx" : "%.1fx", $0) } ?? "-",
                shadow.map { $0.verdictReady ? "READY" : "NOT READY" } ?? "-",
                feature.lastFlip.map { self.flip($0, now: now) } ?? "-",
            ])
            if let shadow, !shadow.verdictReady {
                reasons.append("  \(feature.name): \(shadow.verdictText) (\(shadow.samples) samples, last 30 min)")
            }
        }
        lines += self.align(rows)
        if !reasons.isEmpty { lines += [""] + reasons }
        let unclaimed = overview.unclaimed.requestsRecent
        let rate = Double(unclaimed) / Double(max(1, min(overview.recentS, Int(overview.uptimeS.rounded(.up)))))
        lines += [
            "",
            "unclaimed: \(unclaimed) requests in the last 5 min (\(String(format: "%.1f", rate))/s) matched no "
                + "feature and still reach legacy",
            "live dashboard: http://\(admin)/admin/dashboard?token=<admin token>",
        ]
        return lines.joined(separator: "\n")
    }

    /// Modes from the route file and last flips from the audit log, for when no proxy runs.
    static func offlineText(
        table: RouteTable,
        flips: [String: Overview.LastFlip],
        routes: String,
        why: String,
        now: Date = Date()
    ) -> String {
        var lines = [
            "\(why)",
            "modes from \(routes), last flips from the audit log; traffic, match rates and verdicts need the "
                + "running proxy (`strangler serve` or `strangler up`)",
            "",
        ]
        var rows = [["FEATURE", "MODE", "LAST FLIP"]]
        for feature in table.features {
            rows.append([
                feature.name, self.mode(feature.mode.rawValue, percent: feature.percent),
                flips[feature.name].map { self.flip($0, now: now) } ?? "-",
            ])
        }
        lines += self.align(rows)
        return lines.joined(separator: "\n")
    }

    static func mode(_ mode: String, percent: Int) -> String {
        mode == Mode.canary.rawValue ? "canary \(percent)%" : mode
    }

    static func percent(_ value: Double) -> String {
        String(format: value >= 99.95 || value == 0 ? "%.0f%%" : "%.1f%%", value)
    }

    /// `r4 shadow → canary 50% (flip by alice, 3 min ago)`.
    static func flip(_ flip: Overview.LastFlip, now: Date) -> String {
        let age = self.duration(max(0, now.timeIntervalSince(flip.at)))
        return "r\(flip.revision) \(flip.from) → \(flip.to) (\(flip.trigger) by \(flip.actor), \(age) ago)"
    }

    static func duration(_ seconds: Double) -> String {
        switch seconds {
        case ..<60: "\(Int(seconds)) s"
        case ..<3600: "\(Int(seconds / 60)) min"
        case ..<86400: "\(Int(seconds / 3600)) h \(Int(seconds.truncatingRemainder(dividingBy: 3600) / 60)) min"
        default: "\(Int(seconds / 86400)) d"
        }
    }

    /// Pads each column to its widest cell (the last column is not padded).
    static func align(_ rows: [[String]]) -> [String] {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(widths[index])
            }.joined(separator: "  ")
        }
    }
}
