import ArgumentParser

/// The `strangler` command: route table tools, the proxy, and the local stack.
@main
struct Strangler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strangler",
        abstract: "A strangler-fig migration proxy: move a monolith's features to new services one at a time.",
        discussion: """
            Strangler sits in front of a legacy application and routes each feature to the legacy side or to \
            its new service according to a route table (routes/routes.yaml). Every command takes --routes FILE.
            """,
        subcommands: [
            ServeCommand.self, UpCommand.self, RoutesCommand.self, FlipCommand.self, HistoryCommand.self,
            RevertCommand.self, TranscodeCommand.self, ShadowCommand.self, StatusCommand.self,
        ]
    )
}
