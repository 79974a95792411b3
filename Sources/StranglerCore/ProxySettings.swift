/// Data-plane limits and timeouts from the optional `proxy:` section.
public struct ProxySettings: Sendable, Equatable {
    /// Time allowed to open a connection to an upstream. Default 2 s.
    public var connectTimeout: Duration
    /// Time the upstream has to send the response head. Default 30 s.
    public var responseTimeout: Duration
    /// Idle time after which a client or pooled upstream connection is closed. Default 60 s.
    public var idleTimeout: Duration
    /// Largest request head accepted, in bytes. Default 32 KiB.
    public var maxHeaderBytes: Int
    /// Largest request body accepted, in bytes. Default 1 GiB.
    public var maxBodyBytes: Int

    /// Creates settings; every parameter defaults to the documented default.
    public init(
        connectTimeout: Duration = .seconds(2),
        responseTimeout: Duration = .seconds(30),
        idleTimeout: Duration = .seconds(60),
        maxHeaderBytes: Int = 32 << 10,
        maxBodyBytes: Int = 1 << 30
    ) {
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
        self.idleTimeout = idleTimeout
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }
}
