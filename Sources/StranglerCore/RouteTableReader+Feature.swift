import Yams

extension RouteTableReader {
    static let featureKeys = [
        "name", "routes", "legacy", "new", "mode", "percent", "sticky", "shadow", "noise", "verdict", "guard",
    ]

    /// One entry of `features:`, the marks of its routes' paths, and its name node.
    func feature(
        _ node: Node,
        index: Int,
        upstreams: [Upstream]
    ) throws(RouteTableError) -> (Feature, [SourceMark], Node) {
        var label = "feature #\(index + 1)"
        if case .mapping(let mapping) = node, let name = mapping["name"]?.scalar?.string, !name.isEmpty {
            label = "feature '\(name)'"
        }
        let fields = try YAMLFields(node, what: label, allowed: Self.featureKeys, values: values)
        let nameNode = try fields.required("name")
        let name = try values.string(nameNode, "name")
        guard RouteTableReader.isName(name) else {
            throw values.error(at: nameNode, "feature name '\(name)' may only use letters, digits, '-' and '_'")
        }
        let (routes, marks) = try self.routes(fields.required("routes"), feature: name)
        let legacy = try upstreamReference(fields.required("legacy"), "legacy", upstreams: upstreams)
        let new = try upstreamReference(fields.required("new"), "new", upstreams: upstreams)
        let modeNode = try fields.required("mode")
        let modeText = try values.string(modeNode, "mode")
        guard let mode = Mode(rawValue: modeText) else {
            let modes = Mode.allCases.map(\.rawValue).joined(separator: " | ")
            throw values.error(at: modeNode, "unknown mode '\(modeText)' for feature '\(name)' (one of: \(modes))")
        }
        var feature = Feature(name: name, routes: routes, legacy: legacy, new: new, mode: mode)
        feature.mark = node.sourceMark
        feature.modeMark = modeNode.sourceMark
        if let percentNode = fields.optional("percent") {
            feature.percent = try values.int(percentNode, "percent", in: 0...100)
            feature.percentMark = percentNode.sourceMark
        }
        if let stickyNode = fields.optional("sticky") {
            let text = try values.string(stickyNode, "sticky")
            guard let sticky = StickyKey(text) else {
                throw values.error(at: stickyNode, "'sticky' must be header:NAME or cookie:NAME, found '\(text)'")
            }
            feature.sticky = sticky
        }
        if let shadowNode = fields.optional("shadow") { feature.shadow = try shadow(shadowNode) }
        if let noiseNode = fields.optional("noise") {
            let noise = try YAMLFields(noiseNode, what: "noise", allowed: ["sample"], values: values)
            if let sample = noise.optional("sample") {
                feature.noiseSample = try values.double(sample, "noise.sample", in: 0...1)
            }
        }
        if let verdictNode = fields.optional("verdict") { feature.verdict = try verdict(verdictNode) }
        if let guardNode = fields.optional("guard") { feature.guardSettings = try guardSettings(guardNode) }
        return (feature, marks, nameNode)
    }

    /// `routes:`: a non-empty list of `{ path: P, methods: [M...] }` or bare path strings (any method).
    func routes(_ node: Node, feature: String) throws(RouteTableError) -> ([Route], [SourceMark]) {
        let items = try values.list(node, "routes")
        guard !items.isEmpty else { throw values.error(at: node, "feature '\(feature)' needs at least one route") }
        var routes: [Route] = []
        var marks: [SourceMark] = []
        for item in items {
            let pathNode: Node
            var methods: Set<String>?
            if case .scalar = item {
                pathNode = item
            } else {
                let fields = try YAMLFields(
                    item,
                    what: "a route of feature '\(feature)'",
                    allowed: ["path", "methods"],
                    values: values
                )
                pathNode = try fields.required("path")
                if let methodsNode = fields.optional("methods") { methods = try self.methods(methodsNode) }
            }
            let text = try values.string(pathNode, "path")
            do {
                routes.append(Route(path: try PathPattern(text), methods: methods))
            } catch {
                throw values.error(at: pathNode, "bad path '\(text)': \(error.message)")
            }
            marks.append(pathNode.sourceMark)
        }
        return (routes, marks)
    }

    /// `methods: [GET, POST]`, upper-cased.
    func methods(_ node: Node) throws(RouteTableError) -> Set<String> {
        let items = try values.list(node, "methods")
        guard !items.isEmpty else {
            throw values.error(
                at: node,
                "'methods' is empty; list methods such as [GET] or leave the key out to match any"
            )
        }
        var methods: Set<String> = []
        for item in items {
            let method = try values.string(item, "methods[]").uppercased()
            guard method.utf8.allSatisfy({ (65...90).contains($0) || $0 == UInt8(ascii: "-") }) else {
                throw values.error(at: item, "'\(method)' is not an HTTP method such as GET or POST")
            }
            methods.insert(method)
        }
        return methods
    }

    func shadow(_ node: Node) throws(RouteTableError) -> ShadowSettings {
        let keys = ["sample", "timeout", "max_body", "writes", "compare", "capture", "ids"]
        let fields = try YAMLFields(node, what: "shadow", allowed: keys, values: values)
        var settings = ShadowSettings()
        if let node = fields.optional("sample") {
            settings.sample = try values.double(node, "shadow.sample", in: 0...1)
        }
        if let node = fields.optional("timeout") { settings.timeout = try values.duration(node, "shadow.timeout") }
        if let node = fields.optional("capture") {
            settings.capture = try values.double(node, "shadow.capture", in: 0...1)
        }
        if let node = fields.optional("max_body") { settings.maxBody = try values.size(node, "shadow.max_body") }
        if let node = fields.optional("writes") {
            let text = try values.string(node, "shadow.writes")
            guard let writes = ShadowSettings.Writes(rawValue: text) else {
                throw values.error(at: node, "'shadow.writes' must be mirror or skip, found '\(text)'")
            }
            settings.writes = writes
        }
        if let node = fields.optional("compare") { settings.compare = try compare(node) }
        if let node = fields.optional("ids") { settings.ids = try idRules(node) }
        return settings
    }

    /// `shadow.ids`: a list of `{ field: $.job_id, path: "/api/transcode/{job}", new_from: 1000000001 }`
    /// (`field`, `new_from` or both).
    func idRules(_ node: Node) throws(RouteTableError) -> [ShadowIDRule] {
        var rules: [ShadowIDRule] = []
        for item in try values.list(node, "shadow.ids") {
            let fields = try YAMLFields(
                item,
                what: "shadow.ids[]",
                allowed: ["field", "path", "new_from"],
                values: values
            )
            let pathNode = try fields.required("path")
            let fieldNode = fields.optional("field")
            let field = try fieldNode.map { node throws(RouteTableError) in
                try values.string(node, "shadow.ids[].field")
            }
            var newFrom: Int64?
            if let node = fields.optional("new_from") {
                // The new side's first id (its --id-base).
                newFrom = Int64(try values.int(node, "shadow.ids[].new_from", in: 1...Int(Int64.max)))
            }
            guard field != nil || newFrom != nil else {
                throw values.error(
                    at: item,
                    "an id rule needs `field` (learn id pairs from mirrored writes), `new_from` (the first id only the new side has), or both"
                )
            }
            let text = try values.string(pathNode, "shadow.ids[].path")
            let path: PathPattern
            do {
                path = try PathPattern(text)
            } catch {
                throw values.error(at: pathNode, "bad path '\(text)': \(error.message)")
            }
            guard path.kind != .exact, path.segments.count(where: \.isParameter) == 1 else {
                throw values.error(
                    at: pathNode,
                    "'\(text)' must name the id in exactly one {name} segment, as in /api/transcode/{job} or /media/{video}/*"
                )
            }
            guard let rule = ShadowIDRule(field: field, path: path, newFrom: newFrom) else {
                throw values.error(
                    at: fieldNode ?? pathNode,
                    "'\(field ?? "")' must be a JSON path of object keys, as in $.job_id or $.job.id"
                )
            }
            rules.append(rule)
        }
        return rules
    }

    func compare(_ node: Node) throws(RouteTableError) -> CompareSettings {
        let keys = ["ignore", "unordered", "headers", "numeric_tolerance", "settle"]
        let fields = try YAMLFields(node, what: "shadow.compare", allowed: keys, values: values)
        var settings = CompareSettings()
        if let node = fields.optional("ignore") { settings.ignore = try jsonPaths(node, "compare.ignore") }
        if let node = fields.optional("unordered") { settings.unordered = try jsonPaths(node, "compare.unordered") }
        if let node = fields.optional("headers") {
            settings.headers = []
            for item in try values.list(node, "compare.headers") {
                let header = try values.string(item, "compare.headers[]")
                guard !header.isEmpty, header.utf8.allSatisfy(StickyKey.isTokenByte) else {
                    throw values.error(at: item, "'\(header)' is not a header name")
                }
                settings.headers.append(header.lowercased())
            }
        }
        if let node = fields.optional("settle") { settings.settle = try values.duration(node, "compare.settle") }
        if let node = fields.optional("numeric_tolerance") {
            settings.numericTolerance = try values.double(
                node,
                "compare.numeric_tolerance",
                in: 0...Double.greatestFiniteMagnitude
            )
        }
        return settings
    }

    /// A list of JSON paths, each starting with `$`.
    func jsonPaths(_ node: Node, _ key: String) throws(RouteTableError) -> [String] {
        var paths: [String] = []
        for item in try values.list(node, key) {
            let path = try values.string(item, "\(key)[]")
            guard path == "$" || path.hasPrefix("$.") || path.hasPrefix("$[") else {
                throw values.error(at: item, "'\(path)' is not a JSON path; write it like $.items[*].title")
            }
            paths.append(path)
        }
        return paths
    }

    func verdict(_ node: Node) throws(RouteTableError) -> VerdictSettings {
        let keys = ["min_samples", "max_mismatch_pct", "max_p99_ratio"]
        let fields = try YAMLFields(node, what: "verdict", allowed: keys, values: values)
        var settings = VerdictSettings()
        if let node = fields.optional("min_samples") {
            settings.minSamples = try values.int(node, "verdict.min_samples", in: 1...Int.max)
        }
        if let node = fields.optional("max_mismatch_pct") {
            settings.maxMismatchPct = try values.double(node, "verdict.max_mismatch_pct", in: 0...100)
        }
        if let node = fields.optional("max_p99_ratio") {
            settings.maxP99Ratio = try values.double(
                node,
                "verdict.max_p99_ratio",
                in: 0...Double.greatestFiniteMagnitude
            )
        }
        return settings
    }

    func guardSettings(_ node: Node) throws(RouteTableError) -> GuardSettings {
        let keys = ["window", "min_requests", "max_error_pct"]
        let fields = try YAMLFields(node, what: "guard", allowed: keys, values: values)
        var settings = GuardSettings()
        if let node = fields.optional("window") { settings.window = try values.duration(node, "guard.window") }
        if let node = fields.optional("min_requests") {
            settings.minRequests = try values.int(node, "guard.min_requests", in: 1...Int.max)
        }
        if let node = fields.optional("max_error_pct") {
            settings.maxErrorPct = try values.double(node, "guard.max_error_pct", in: 0...100)
        }
        return settings
    }
}
