import Foundation

/// Everything a running feed service needs, resolved from flags.
public struct FeedConfiguration: Sendable {
    /// Address to bind.
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one.
    public var port = 9102
    /// The service's own folder, holding `feed.sqlite`.
    public var dataDirectory = ".strangler/feed"
    /// The shared event log file.
    public var eventsPath = ".strangler/events.sqlite"
    /// The legacy monolith's `legacy.sqlite`, read-only; `nil` means no backfill.
    public var backfillPath: String?
    /// How often to look for new legacy rows after the first backfill; `nil` backfills once.
    public var backfillInterval: Duration? = .milliseconds(500)
    /// How often the event consumer looks for new events once caught up.
    public var eventPollInterval: Duration = .milliseconds(50)

    /// Creates the default configuration.
    public init() {}

    /// `DATA/feed.sqlite`.
    public var databasePath: String { (dataDirectory as NSString).appendingPathComponent("feed.sqlite") }
}
