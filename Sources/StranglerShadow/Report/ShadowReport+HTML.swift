import Foundation

extension ShadowReport {
    /// A self-contained HTML page for `reports`: inline CSS and SVG charts, no scripts or external assets.
    public static func html(_ reports: [ShadowReport], generatedAt: Date = Date()) -> String {
        var page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Strangler shadow report</title>
            <style>\(style)</style></head><body>
            <h1>Strangler shadow report</h1>
            <p class="meta">Generated \(escape(Format.date(generatedAt))). Legacy in blue, new in orange.</p>

            """
        if reports.isEmpty { page += "<p>No shadow results stored yet.</p>" }
        for report in reports { page += report.htmlSection }
        return page + "</body></html>\n"
    }

    static let style = """
        body{font-family:system-ui,sans-serif;margin:24px;color:#111;max-width:1200px}
        h1{font-size:22px;margin:0 0 4px}.meta{color:#666;margin:0 0 16px}
        section{border:1px solid #ddd;border-radius:8px;padding:16px;margin-bottom:24px}
        h2{font-size:19px;margin:0 0 8px}h3{font-size:15px;margin:18px 0 6px}
        .verdict{font-size:13px;padding:3px 8px;border-radius:4px;color:#fff;vertical-align:middle;margin-left:8px}
        .ready{background:#16a34a}.notready{background:#dc2626}
        .cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
        .card{border:1px solid #e5e7eb;border-radius:6px;padding:8px 12px;min-width:110px}
        .card b{display:block;font-size:18px}.card span{color:#666;font-size:12px}
        .charts{display:flex;flex-wrap:wrap;gap:16px}
        table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #eee;padding:4px 10px;text-align:left}
        th{background:#f8fafc}td.num,th.num{text-align:right}code{font-size:12px}
        .legacy{color:#2563eb}.new{color:#ea580c}ul.reasons{margin:4px 0 0;color:#b91c1c}
        """

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    var htmlSection: String {
        let e = Self.escape
        var html = "<section><h2>\(e(feature))<span class=\"verdict \(verdict.ready ? "ready" : "notready")\">"
        html += verdict.ready ? "READY" : "NOT READY"
        html += "</span></h2>"
        if let since { html += "<p class=\"meta\">Since \(e(Format.date(since)))</p>" }
        if !verdict.reasons.isEmpty {
            html += "<ul class=\"reasons\">" + verdict.reasons.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
        }
        let cards: [(String, String)] = [
            ("\(samples)", "samples (\(judged) judged)"), (Format.percent(matchPct), "match"),
            (Format.percent(mismatchPct), "mismatch"), ("\(noiseOnly)", "noise-only matches"),
            ("\(legacy.errors + legacy.timeouts)", "legacy errors+timeouts"),
            ("\(new.errors + new.timeouts)", "new errors+timeouts"),
            ("\(skipped.values.reduce(0, +))", "skipped/dropped"),
        ]
        html +=
            "<div class=\"cards\">"
            + cards.map { "<div class=\"card\"><b>\(e($0))</b><span>\(e($1))</span></div>" }.joined()
        html += "</div>"
        let chart = LatencyChart(latency: latency)
        html += "<div class=\"charts\">\(chart.distributionSVG)\(chart.cumulativeSVG)</div>"
        html += latencyTable + mismatchTable + noiseTable + healthTable
        return html + "</section>\n"
    }

    var latencyTable: String {
        let l = latency.legacy
        let n = latency.new
        let r = latency.ratios
        var html = "<h3>Latency (ms)</h3><table><tr><th></th><th class=\"num legacy\">legacy</th>"
        html += "<th class=\"num new\">new</th><th class=\"num\">new/legacy</th></tr>"
        for (name, a, b, ratio) in [
            ("p50", l.p50, n.p50, r.p50), ("p90", l.p90, n.p90, r.p90), ("p99", l.p99, n.p99, r.p99),
            ("p99.9", l.p999, n.p999, r.p999), ("max", l.max, n.max, nil),
        ] {
            html += "<tr><td>\(name)</td><td class=\"num\">\(l.count > 0 ? Format.ms(a) : "-")</td>"
            html += "<td class=\"num\">\(n.count > 0 ? Format.ms(b) : "-")</td>"
            html += "<td class=\"num\">\(ratio.map(Format.ratio) ?? "")</td></tr>"
        }
        html += "<tr><td>count</td><td class=\"num\">\(l.count)</td><td class=\"num\">\(n.count)</td><td></td></tr>"
        return html + "</table>"
    }

    var mismatchTable: String {
        let e = Self.escape
        guard !mismatches.isEmpty else { return "<h3>Mismatches by path</h3><p>None.</p>" }
        var html = "<h3>Mismatches by path</h3><table><tr><th class=\"num\">count</th><th>kind</th><th>path</th>"
        html += "<th>example request</th><th class=\"legacy\">legacy</th><th class=\"new\">new</th></tr>"
        for group in mismatches {
            html +=
                "<tr><td class=\"num\">\(group.count)</td><td>\(e(group.kind))</td><td><code>\(e(group.path))</code></td>"
            html += "<td><code>\(e(group.exampleRequestID))</code><br><code>\(e(group.examplePath))</code></td>"
            html += "<td><code>\(e(group.legacyValue ?? "(absent)"))</code></td>"
            html += "<td><code>\(e(group.newValue ?? "(absent)"))</code></td></tr>"
        }
        return html + "</table>"
    }

    var noiseTable: String {
        let title = "<h3>Noise paths (learned from \(noiseSamples) double legacy requests)</h3>"
        guard !noise.isEmpty else { return title + "<p>None learned.</p>" }
        var html = title + "<table><tr><th>path</th><th class=\"num\">seen between legacy answers</th>"
        html += "<th class=\"num\">comparisons differing here</th></tr>"
        for path in noise {
            html += "<tr><td><code>\(Self.escape(path.path))</code></td><td class=\"num\">\(path.observations)</td>"
            html += "<td class=\"num\">\(path.suppressed)</td></tr>"
        }
        return html + "</table>"
    }

    var healthTable: String {
        var html = "<h3>Failures and skips</h3><table><tr><th></th><th class=\"num legacy\">legacy</th>"
        html += "<th class=\"num new\">new</th></tr>"
        for (name, a, b) in [
            ("errors", legacy.errors, new.errors), ("timeouts", legacy.timeouts, new.timeouts),
            ("5xx answers", legacy.serverErrors, new.serverErrors),
        ] {
            html += "<tr><td>\(name)</td><td class=\"num\">\(a)</td><td class=\"num\">\(b)</td></tr>"
        }
        html += "</table>"
        let skips = skipped.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        html +=
            "<p>Skipped: "
            + (skips.isEmpty ? "none" : skips.map { "\(Self.escape($0.key)) \($0.value)" }.joined(separator: ", "))
        if truncatedBodies > 0 { html += ". Bodies compared by captured prefix: \(truncatedBodies)" }
        return html + ".</p>"
    }
}
