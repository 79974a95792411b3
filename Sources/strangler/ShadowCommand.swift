import ArgumentParser

/// `strangler shadow`: what shadow traffic found, and replays of captured traffic.
struct ShadowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shadow",
        abstract: "Report on shadow traffic comparisons.",
        discussion: """
            While a feature is in shadow (or canary, or new with shadow.sample > 0) mode, the proxy mirrors its \
            requests to the other side and compares both answers: status, the headers in shadow.compare.headers, \
            and the body (a structural JSON diff). Results are stored in <state>/shadow.sqlite; these commands \
            read them.
            """,
        subcommands: [ShadowReportCommand.self, ShadowReplayCommand.self]
    )
}
