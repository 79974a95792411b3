import Yams

/// Reads a route file (`routes/routes.yaml`) into a validated `RouteTable`.
///
/// The whole file is rejected on the first problem, with the position of the offending text:
/// YAML syntax, unknown or missing keys, wrong types, bad addresses, durations, sizes and path patterns,
/// references to undeclared upstreams, duplicate names, and routes of different features that overlap
/// with equal precedence. Pure: the caller reads the file and passes its text.
public enum RouteTableParser {
    /// Keys allowed at the top level, in the order shown to users.
    static let topLevelKeys = ["version", "listen", "admin", "proxy", "upstreams", "fallback", "features"]

    /// Parses and validates `yaml`; `file` is used verbatim in errors (pass the path the user gave).
    public static func parse(_ yaml: String, file: String) throws(RouteTableError) -> RouteTable {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw RouteTableError(
                    file: file,
                    line: 1,
                    column: 1,
                    message: "the route file is empty; start with 'version: 1'"
                )
            }
            root = node
        } catch let error as RouteTableError {
            throw error
        } catch let error as YamlError {
            throw YAMLErrorTranslator(file: file, yaml: yaml).translate(error)
        } catch {
            throw RouteTableError(file: file, line: 1, column: 1, message: "invalid YAML: \(error)")
        }
        return try RouteTableReader(values: YAMLValues(file: file)).table(root)
    }
}

/// Builds the model from a composed YAML document.
struct RouteTableReader {
    let values: YAMLValues

    func table(_ root: Node) throws(RouteTableError) -> RouteTable {
        let fields = try YAMLFields(
            root,
            what: "the route file",
            allowed: RouteTableParser.topLevelKeys,
            values: values
        )
        let versionNode = try fields.required("version")
        let version = try values.int(versionNode, "version", in: Int.min...Int.max)
        guard version == 1 else {
            throw values.error(
                at: versionNode,
                "unsupported route file version \(version); this strangler reads version 1"
            )
        }
        let listen = try address(fields.required("listen"), "listen")
        let admin = try fields.optional("admin").map { (node) throws(RouteTableError) in try adminSettings(node) }
        let proxy = try fields.optional("proxy").map { (node) throws(RouteTableError) in try proxySettings(node) }
        let upstreams = try upstreams(fields.required("upstreams"))
        let fallbackNode = try fields.required("fallback")
        let fallback = try upstreamReference(fallbackNode, "fallback", upstreams: upstreams)
        let featuresNode = try fields.required("features")
        var features: [Feature] = []
        var routeMarks: [[SourceMark]] = []
        var nameNodes: [String: Node] = [:]
        for (index, node) in try values.list(featuresNode, "features").enumerated() {
            let (feature, marks, nameNode) = try self.feature(node, index: index, upstreams: upstreams)
            if let first = nameNodes[feature.name] {
                throw values.error(
                    at: nameNode,
                    "duplicate feature name '\(feature.name)' (first at line \(first.sourceMark.line))"
                )
            }
            nameNodes[feature.name] = nameNode
            features.append(feature)
            routeMarks.append(marks)
        }
        let table = RouteTable(
            version: version,
            listen: listen,
            admin: admin ?? AdminSettings(),
            proxy: proxy ?? ProxySettings(),
            upstreams: upstreams,
            fallback: fallback,
            features: features
        )
        if let overlap = RouteOverlap.first(in: table) {
            throw RouteTableError(
                file: values.file,
                mark: routeMarks[overlap.second.feature][overlap.second.route],
                message: overlap.message(in: table, marks: routeMarks)
            )
        }
        return table
    }

    func address(_ node: Node, _ key: String) throws(RouteTableError) -> HostPort {
        let text = try values.string(node, key)
        switch HostPort.parse(text) {
        case .success(let address): return address
        case .failure(let problem):
            throw values.error(at: node, "'\(key)' is not a HOST:PORT address: \(problem.message)")
        }
    }

    func adminSettings(_ node: Node) throws(RouteTableError) -> AdminSettings {
        let fields = try YAMLFields(node, what: "admin", allowed: ["listen", "token_env"], values: values)
        var settings = AdminSettings()
        if let listen = fields.optional("listen") { settings.listen = try address(listen, "admin.listen") }
        if let tokenNode = fields.optional("token_env") {
            let name = try values.string(tokenNode, "admin.token_env")
            guard let first = name.utf8.first, !first.isASCIIDigit,
                name.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || $0.isASCIIDigit || (65...90).contains($0 & ~0x20) })
            else {
                throw values.error(
                    at: tokenNode,
                    "'admin.token_env' must name an environment variable, e.g. STRANGLER_ADMIN_TOKEN"
                )
            }
            settings.tokenEnv = name
        }
        return settings
    }

    func proxySettings(_ node: Node) throws(RouteTableError) -> ProxySettings {
        let keys = ["connect_timeout", "response_timeout", "idle_timeout", "max_header_bytes", "max_body_bytes"]
        let fields = try YAMLFields(node, what: "proxy", allowed: keys, values: values)
        var settings = ProxySettings()
        if let node = fields.optional("connect_timeout") {
            settings.connectTimeout = try values.duration(node, "connect_timeout")
        }
        if let node = fields.optional("response_timeout") {
            settings.responseTimeout = try values.duration(node, "response_timeout")
        }
        if let node = fields.optional("idle_timeout") {
            settings.idleTimeout = try values.duration(node, "idle_timeout")
        }
        if let node = fields.optional("max_header_bytes") {
            settings.maxHeaderBytes = try values.size(node, "max_header_bytes", minimum: 1024)
        }
        if let node = fields.optional("max_body_bytes") {
            settings.maxBodyBytes = try values.size(node, "max_body_bytes", minimum: 1)
        }
        return settings
    }

    func upstreams(_ node: Node) throws(RouteTableError) -> [Upstream] {
        guard case .mapping(let mapping) = node else {
            throw values.error(at: node, "'upstreams' must map names to URLs, e.g. legacy: http://127.0.0.1:9000")
        }
        var result: [Upstream] = []
        for (keyNode, urlNode) in mapping {
            let name = try values.string(keyNode, "upstream name")
            guard Self.isName(name) else {
                throw values.error(at: keyNode, "upstream name '\(name)' may only use letters, digits, '-' and '_'")
            }
            if result.contains(where: { $0.name == name }) {
                throw values.error(at: keyNode, "duplicate upstream name '\(name)'")
            }
            let url = try values.string(urlNode, "upstreams.\(name)")
            switch Upstream.parse(name: name, url: url) {
            case .success(let upstream): result.append(upstream)
            case .failure(let problem): throw values.error(at: urlNode, problem.message)
            }
        }
        guard !result.isEmpty else { throw values.error(at: node, "declare at least one upstream under 'upstreams'") }
        return result
    }

    func upstreamReference(_ node: Node, _ key: String, upstreams: [Upstream]) throws(RouteTableError) -> String {
        let name = try values.string(node, key)
        guard upstreams.contains(where: { $0.name == name }) else {
            let known = upstreams.map(\.name).joined(separator: ", ")
            throw values.error(at: node, "unknown upstream '\(name)' (known: \(known))")
        }
        return name
    }

    /// Letters, digits, `-` and `_`: names that are safe in commands, URLs and metric labels.
    static func isName(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte.isASCIIDigit
                    || (65...90).contains(byte & ~0x20)
            }
    }
}
