import Foundation

extension ShadowReport {
    /// The report as the terminal shows it.
    public var text: String {
        var lines: [String] = []
        var title = "feature \(feature)"
        if let since { title += " since \(Format.date(since))" }
        lines.append(title)
        lines.append("  verdict     \(verdict.text)")
        lines.append(
            "  samples     \(samples) (judged \(judged)): match \(Format.percent(matchPct)), "
                + "mismatch \(Format.percent(mismatchPct)) (\(mismatched) differing"
                + (new.errors + new.timeouts > 0 ? ", new-side failures included" : "") + ")"
        )
        if settled > 0 { lines.append("  settled     \(settled) reads matched when asked again (compare.settle)") }
        if noiseOnly > 0 { lines.append("  noise-only  \(noiseOnly) matches differed only on noise paths") }
        lines.append("  legacy      \(describe(legacy))")
        lines.append("  new         \(describe(new))")
        let skips = skipped.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { name, count in
            "\(name) \(count)" + (SkipReason(rawValue: name).map { " (\($0.meaning))" } ?? "")
        }
        lines.append("  skipped     " + (skips.isEmpty ? "none" : skips.joined(separator: "\n              ")))
        if truncatedBodies > 0 {
            lines.append("  truncated   \(truncatedBodies) bodies compared by their captured prefix")
        }
        lines.append("")
        lines += latencyLines()
        lines.append("")
        lines += mismatchLines()
        lines.append("")
        lines += noiseLines()
        return lines.joined(separator: "\n")
    }

    func describe(_ side: SideHealth) -> String {
        "\(side.errors) errors, \(side.timeouts) timeouts, \(side.serverErrors) 5xx"
    }

    func latencyLines() -> [String] {
        var rows = [["latency ms", "legacy", "new", "new/legacy"]]
        let l = latency.legacy
        let n = latency.new
        let r = latency.ratios
        for (name, a, b, ratio) in [
            ("p50", l.p50, n.p50, r.p50), ("p90", l.p90, n.p90, r.p90), ("p99", l.p99, n.p99, r.p99),
            ("p999", l.p999, n.p999, r.p999),
        ] {
            rows.append([
                name, l.count > 0 ? Format.ms(a) : "-", n.count > 0 ? Format.ms(b) : "-",
                ratio.map(Format.ratio) ?? "-",
            ])
        }
        rows.append(["count", "\(l.count)", "\(n.count)", ""])
        return Self.table(rows, indent: "  ", rightAligned: [1, 2, 3])
    }

    func mismatchLines() -> [String] {
        guard !mismatches.isEmpty else { return ["  mismatches  none"] }
        var rows = [["count", "kind", "path", "example", "legacy → new"]]
        for group in mismatches {
            rows.append([
                "\(group.count)", group.kind, group.path, group.exampleRequestID,
                "\(group.legacyValue ?? "(absent)") → \(group.newValue ?? "(absent)")",
            ])
        }
        return ["  mismatches by path"] + Self.table(rows, indent: "    ", rightAligned: [0])
    }

    func noiseLines() -> [String] {
        let header = "  noise paths (learned from \(noiseSamples) double legacy requests)"
        guard !noise.isEmpty else { return [header + ": none"] }
        var rows = [["seen", "suppressed", "path"]]
        for path in noise { rows.append(["\(path.observations)", "\(path.suppressed)", path.path]) }
        return [header] + Self.table(rows, indent: "    ", rightAligned: [0, 1])
    }

    /// Columns padded to their widest cell.
    static func table(_ rows: [[String]], indent: String, rightAligned: Set<Int>) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            let cells = row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                if index == row.count - 1 && !rightAligned.contains(index) { return cell }
                return rightAligned.contains(index) ? pad + cell : cell + pad
            }
            var line = indent + cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// Reports as JSON: an array of reports, dates in ISO 8601, keys sorted.
    public static func json(_ reports: [ShadowReport]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(reports)
    }
}
