/// The admin API: where it listens and which environment variable holds its bearer token.
public struct AdminSettings: Sendable, Equatable {
    /// Address of the admin API (loopback by default).
    public var listen: HostPort
    /// Name of the environment variable holding the admin bearer token.
    public var tokenEnv: String

    /// Defaults: `127.0.0.1:8081`, token in `STRANGLER_ADMIN_TOKEN`.
    public init(
        listen: HostPort = HostPort(host: "127.0.0.1", port: 8081),
        tokenEnv: String = "STRANGLER_ADMIN_TOKEN"
    ) {
        self.listen = listen
        self.tokenEnv = tokenEnv
    }
}
