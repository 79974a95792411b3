import ArgumentParser
import Foundation
import StranglerCore

/// The `--routes FILE` option shared by the `routes` subcommands, and loading the file it names.
struct RoutesFileOptions: ParsableArguments {
    /// The default route file, relative to the working directory.
    static let defaultPath = "routes/routes.yaml"

    @Option(
        name: .customLong("routes"),
        help: ArgumentHelp("The route file to read. Default: routes/routes.yaml.", valueName: "file")
    )
    var path: String?

    /// Reads, parses and validates the route file at `path`. Prints the problem to standard error and exits
    /// with status 1 when the file is missing or invalid.
    static func load(_ path: String) throws(ExitCode) -> RouteTable {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            var message = "error: cannot read route file '\(path)'"
            if !FileManager.default.fileExists(atPath: path) {
                message += ": no such file. Run strangler from the project directory or pass --routes FILE."
            } else {
                message += ": \(error.localizedDescription)"
            }
            printError(message)
            throw ExitCode.failure
        }
        do {
            return try RouteTableParser.parse(text, file: path)
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
    }

    /// Writes one line to standard error.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
