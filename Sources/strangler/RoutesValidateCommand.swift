import ArgumentParser
import StranglerCore

/// `strangler routes validate [FILE]`: parse and validate a route file, changing nothing.
struct RoutesValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a route file and report the first problem with its line and column.",
        discussion: """
            Prints `ok: N features, M routes, K upstreams` and exits 0 when the file is valid. Otherwise prints \
            `FILE:LINE:COLUMN: message` and exits 1; fix that spot and run it again. Nothing is changed and no \
            running proxy is contacted.
            """
    )

    @Argument(help: ArgumentHelp("The route file to check. Default: routes/routes.yaml.", valueName: "file"))
    var file: String?

    @OptionGroup var options: RoutesFileOptions

    func validate() throws {
        if let file, let path = options.path, file != path {
            throw ValidationError("Two route files given ('\(file)' and --routes '\(path)'); pass only one.")
        }
    }

    func run() throws {
        let table = try RoutesFileOptions.load(file ?? options.path ?? RoutesFileOptions.defaultPath)
        print("ok: \(table.features.count) features, \(table.routeCount) routes, \(table.upstreams.count) upstreams")
    }
}
