import ArgumentParser

/// `strangler routes`: check, list and explain the route table without starting anything.
struct RoutesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes",
        abstract: "Check, list and explain the route table.",
        discussion: """
            The route table (routes/routes.yaml by default) declares the upstreams, the features being moved \
            and the routes each feature owns. These commands read it the way the proxy does, so an edit that \
            passes `strangler routes validate` will be accepted by a running proxy's reload.
            """,
        subcommands: [RoutesValidateCommand.self, RoutesListCommand.self, RoutesExplainCommand.self]
    )
}
