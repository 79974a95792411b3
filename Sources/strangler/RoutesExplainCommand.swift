import ArgumentParser
import Foundation
import StranglerCore

/// `strangler routes explain METHOD PATH`: how the proxy would route one request.
struct RoutesExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which feature, route and upstream would answer a request, and why.",
        discussion: """
            Matches the request against the route table exactly as the proxy does: the winning route and the \
            other routes it beat, the feature's mode, the side and upstream that would answer, and for canary \
            features the sticky key, its bucket and the threshold. Pass the sticky header (or a Cookie header) \
            with -H to see where a particular user lands.

            Example:
              strangler routes explain GET '/api/feed?limit=5' -H 'X-User-Id: 42'
            """
    )

    @Argument(help: "The request method, e.g. GET.")
    var method: String

    @Argument(help: "The request path; a query string is allowed and ignored for matching.")
    var path: String

    @Option(
        name: [.customShort("H"), .customLong("header")],
        help: ArgumentHelp("A request header as 'Name: value'. Repeat for several.", valueName: "header")
    )
    var headers: [String] = []

    @OptionGroup var options: RoutesFileOptions

    func validate() throws {
        guard path.hasPrefix("/") else {
            throw ValidationError("The path must start with '/', e.g. /api/feed (got '\(path)').")
        }
        for header in headers where !header.contains(":") {
            throw ValidationError("Header '\(header)' must be written 'Name: value', e.g. -H 'X-User-Id: 42'.")
        }
    }

    func run() throws {
        let table = try RoutesFileOptions.load(options.path ?? RoutesFileOptions.defaultPath)
        let pairs = headers.map { header in
            let colon = header.firstIndex(of: ":")!
            let name = header[..<colon].trimmingCharacters(in: .whitespaces)
            let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            return (name, value)
        }
        print(CompiledRouteTable(table).explain(method: method, path: path, headers: pairs))
    }
}
