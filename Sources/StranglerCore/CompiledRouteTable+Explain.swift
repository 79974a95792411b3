extension CompiledRouteTable {
    /// A human-readable account of how a request would be routed: the owning feature and route and why it wins
    /// over other matching routes, the mode, the side and upstream that would answer (with the sticky key and
    /// bucket in canary mode), and where a shadow copy would go. `path` may include a query string.
    public func explain(method: String, path: String, headers: [(String, String)]) -> String {
        let method = method.uppercased()
        let pathOnly = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var lines = ["request:  \(method) \(path)"]
        if pathOnly.count != path.count { lines.append("path:     \(pathOnly) (the query string is not matched)") }

        let result = match(method: method, path: pathOnly)
        let featureLine = lines.count
        lines += candidateLines(method: method, path: pathOnly, winner: result)
        guard let featureIndex = result.featureIndex, let routeIndex = result.routeIndex else {
            let upstream = fallbackUpstream
            lines.append("answer:   fallback upstream '\(upstream.name)' (\(upstream.url))")
            return lines.joined(separator: "\n")
        }
        let feature = table.features[featureIndex]
        let route = feature.routes[routeIndex]
        lines.insert(
            "feature:  \(feature.name), route \(routeIndex + 1) '\(route)' (\(route.path.kind))",
            at: featureLine
        )
        lines.append("mode:     \(feature.mode)" + (feature.mode == .canary ? " \(feature.percent)%" : ""))

        let legacy = upstream(featureIndex: featureIndex, side: .legacy)
        let new = upstream(featureIndex: featureIndex, side: .new)
        let describe = { (side: Side) in
            let upstream = side == .legacy ? legacy : new
            return "\(side) -> upstream '\(upstream.name)' (\(upstream.url))"
        }
        var primary: Side? = feature.primarySide(bucket: 0)
        if feature.mode == .canary {
            let threshold = feature.percent * 100
            if let sticky = feature.sticky, let key = sticky.value(in: headers) {
                let bucket = StickyBucket.bucket(feature: feature.name, key: key)
                primary = feature.primarySide(bucket: bucket)
                let comparison = bucket < threshold ? "below" : "not below"
                lines.append(
                    "sticky:   \(sticky) = \"\(key)\" -> bucket \(bucket) of \(StickyBucket.count), "
                        + "\(comparison) \(threshold) (\(feature.percent)% of buckets go to new)"
                )
            } else {
                primary = feature.percent == 0 ? .legacy : feature.percent == 100 ? .new : nil
                let why = feature.sticky.map { "the request has no \($0)" } ?? "no sticky key is configured"
                lines.append("sticky:   \(why): each request gets a random bucket (\(feature.percent)% chance of new)")
            }
        }
        if let primary {
            lines.append("answer:   \(describe(primary))")
        } else {
            lines.append(
                "answer:   \(describe(.new)) for \(feature.percent)% of such requests, else \(describe(.legacy))"
            )
        }
        lines.append("shadow:   " + shadowText(feature, primary: primary, method: method, describe: describe))
        return lines.joined(separator: "\n")
    }

    private func shadowText(_ feature: Feature, primary: Side?, method: String, describe: (Side) -> String) -> String {
        guard feature.mode != .legacy else { return "none (mode legacy mirrors nothing)" }
        guard feature.shadow.isEnabled else { return "none (no shadow section, or sample 0)" }
        let isWrite = !["GET", "HEAD", "OPTIONS"].contains(method)
        if isWrite && feature.shadow.writes == .skip {
            return "none: \(method) is a write and shadow.writes is skip"
        }
        let target = primary.map { describe($0.opposite) } ?? "the side that does not answer"
        let share =
            feature.shadow.sample >= 1 ? "every request" : "a \(feature.shadow.sample.compact) sample of requests"
        return "\(target), for \(share)"
    }

    /// The routes whose path matches, in precedence order, each marked as the winner, shadowed, or excluded by
    /// its methods.
    private func candidateLines(method: String, path: Substring, winner: RouteMatch) -> [String] {
        var lines: [String] = []
        var seenWinner = false
        for entry in routesInMatchOrder where entry.pattern.matches(path) {
            let feature = table.features[entry.feature]
            let route = feature.routes[entry.route]
            let label = "feature '\(feature.name)' route \(entry.route + 1) '\(route)' (\(route.path.kind))"
            if entry.feature == winner.featureIndex && entry.route == winner.routeIndex {
                seenWinner = true
            } else if !entry.methods.contains(method) {
                lines.append("  skipped: \(label): \(method) is not one of its methods")
            } else if seenWinner {
                lines.append("  also matches, lower precedence: \(label)")
            }
        }
        if winner.isFallback {
            lines.insert("feature:  none: no feature's route matches \(method) \(path)", at: 0)
        } else if !lines.isEmpty {
            lines.insert(
                "  precedence: exact path > {name} segments (more literal segments first) > prefix "
                    + "(longer first); ties go to file order",
                at: 0
            )
        }
        return lines
    }
}
