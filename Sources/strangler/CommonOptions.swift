import ArgumentParser
import Foundation
import Logging

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(help: "The route file.")
    var routes: String = "routes/routes.yaml"

    @Option(help: "Directory for state: databases, spool files, media, the generated admin token.")
    var state: String = ".strangler"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func makeLogger(label: String) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .trace
            return handler
        }
        var logger = Logger(label: label)
        logger.logLevel = self.logLevel
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Prints a message for the user on standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
