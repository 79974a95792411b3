import Foundation

/// Inline SVG charts of both sides' latency over the same log-scaled axis: the distribution (share of
/// responses per bucket, overlaid) and the cumulative share. No scripts, no external assets.
struct LatencyChart {
    let latency: LatencyComparison
    let width = 520.0
    let height = 250.0
    let left = 48.0
    let right = 16.0
    let top = 24.0
    let bottom = 36.0

    static let legacyColor = "#2563eb"
    static let newColor = "#ea580c"

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }
    var low: Double { latency.buckets.first?.lowerMs ?? 0.1 }
    var high: Double { latency.buckets.last?.upperMs ?? 1 }

    func x(_ ms: Double) -> Double {
        guard high > low else { return left }
        return left + plotWidth * log(max(ms, low) / low) / log(high / low)
    }

    func y(_ share: Double, max top: Double) -> Double {
        self.top + plotHeight * (1 - share / max(top, 1e-9))
    }

    static func n(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Shares (0...100) per bucket of one side.
    func shares(_ counts: [Int]) -> [Double] {
        let total = counts.reduce(0, +)
        return counts.map { total > 0 ? Double($0) * 100 / Double(total) : 0 }
    }

    /// The distribution chart.
    var distributionSVG: String {
        guard !latency.buckets.isEmpty else { return emptySVG("no latency data") }
        let legacy = shares(latency.buckets.map(\.legacy))
        let new = shares(latency.buckets.map(\.new))
        let peak = max(legacy.max() ?? 0, new.max() ?? 0) * 1.1
        var body = frame(title: "Latency distribution (share per bucket)", yMax: peak, unit: "%")
        for (shares, color) in [(legacy, Self.legacyColor), (new, Self.newColor)] {
            var path = "M\(Self.n(x(low))),\(Self.n(y(0, max: peak)))"
            for (bucket, share) in zip(latency.buckets, shares) {
                path += " L\(Self.n(x(bucket.lowerMs))),\(Self.n(y(share, max: peak)))"
                path += " L\(Self.n(x(bucket.upperMs))),\(Self.n(y(share, max: peak)))"
            }
            path += " L\(Self.n(x(high))),\(Self.n(y(0, max: peak))) Z"
            body +=
                "<path d=\"\(path)\" fill=\"\(color)\" fill-opacity=\"0.28\" stroke=\"\(color)\" stroke-width=\"1.5\"/>"
        }
        for (p99, color, name) in [
            (latency.legacy.p99, Self.legacyColor, "legacy p99"), (latency.new.p99, Self.newColor, "new p99"),
        ] where p99 > 0 {
            let px = Self.n(x(p99))
            body += "<line x1=\"\(px)\" x2=\"\(px)\" y1=\"\(Self.n(top))\" y2=\"\(Self.n(top + plotHeight))\" "
            body += "stroke=\"\(color)\" stroke-dasharray=\"4 3\"><title>\(name) \(Format.ms(p99)) ms</title></line>"
        }
        return wrap(body)
    }

    /// The cumulative chart.
    var cumulativeSVG: String {
        guard !latency.buckets.isEmpty else { return emptySVG("no latency data") }
        var body = frame(title: "Cumulative share faster than", yMax: 100, unit: "%")
        for (counts, color) in [
            (latency.buckets.map(\.legacy), Self.legacyColor), (latency.buckets.map(\.new), Self.newColor),
        ]
        where counts.reduce(0, +) > 0 {
            var running = 0.0
            var path = "M\(Self.n(x(low))),\(Self.n(y(0, max: 100)))"
            for (bucket, share) in zip(latency.buckets, shares(counts)) {
                running += share
                path += " L\(Self.n(x(bucket.upperMs))),\(Self.n(y(min(running, 100), max: 100)))"
            }
            body += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>"
        }
        return wrap(body)
    }

    func emptySVG(_ message: String) -> String {
        wrap(
            "<text x=\"\(Self.n(width / 2))\" y=\"\(Self.n(height / 2))\" text-anchor=\"middle\" fill=\"#888\">\(message)</text>"
        )
    }

    func wrap(_ body: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" "
            + "height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\(body)</svg>"
    }

    /// Axes, grid, ticks, title and legend.
    func frame(title: String, yMax: Double, unit: String) -> String {
        var svg = "<text x=\"\(Self.n(left))\" y=\"14\" font-size=\"12\" font-weight=\"bold\">\(title)</text>"
        for fraction in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let py = Self.n(y(yMax * fraction, max: yMax))
            svg +=
                "<line x1=\"\(Self.n(left))\" x2=\"\(Self.n(left + plotWidth))\" y1=\"\(py)\" y2=\"\(py)\" stroke=\"#e5e7eb\"/>"
            svg += "<text x=\"\(Self.n(left - 4))\" y=\"\(py)\" dy=\"4\" text-anchor=\"end\" fill=\"#555\">"
            svg += "\(String(format: yMax < 20 ? "%.1f" : "%.0f", yMax * fraction))\(unit)</text>"
        }
        for tick in ticks() {
            let px = Self.n(x(tick))
            svg +=
                "<line x1=\"\(px)\" x2=\"\(px)\" y1=\"\(Self.n(top))\" y2=\"\(Self.n(top + plotHeight))\" stroke=\"#f0f0f0\"/>"
            svg += "<text x=\"\(px)\" y=\"\(Self.n(top + plotHeight + 14))\" text-anchor=\"middle\" fill=\"#555\">"
            svg += "\(String(format: "%g", tick))</text>"
        }
        svg +=
            "<text x=\"\(Self.n(left + plotWidth))\" y=\"\(Self.n(height - 4))\" text-anchor=\"end\" fill=\"#555\">ms (log)</text>"
        svg +=
            "<rect x=\"\(Self.n(left))\" y=\"\(Self.n(top))\" width=\"\(Self.n(plotWidth))\" height=\"\(Self.n(plotHeight))\" "
        svg += "fill=\"none\" stroke=\"#999\"/>"
        let legendX = left + plotWidth - 110
        for (index, (name, color)) in [("legacy", Self.legacyColor), ("new", Self.newColor)].enumerated() {
            let lx = legendX + Double(index) * 60
            svg += "<rect x=\"\(Self.n(lx))\" y=\"\(Self.n(top - 13))\" width=\"12\" height=\"10\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(Self.n(lx + 16))\" y=\"\(Self.n(top - 4))\">\(name)</text>"
        }
        return svg
    }

    /// 1-2-5 ticks inside the axis range.
    func ticks() -> [Double] {
        guard high > low else { return [] }
        var result: [Double] = []
        var decade = pow(10, floor(log10(low)))
        while decade <= high {
            for step in [1.0, 2, 5] where decade * step >= low && decade * step <= high {
                result.append(decade * step)
            }
            decade *= 10
        }
        return result.count > 9 ? result.enumerated().filter { $0.offset % 2 == 0 }.map(\.element) : result
    }
}
