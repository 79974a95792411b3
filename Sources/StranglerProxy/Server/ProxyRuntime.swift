import Logging
import NIOPosix
import StranglerShadow

/// What every connection handler of one proxy shares: the route table, the admin token (for the force
/// and debug headers), the guard's error windows, the shadow recorder and the logger.
final class ProxyRuntime: Sendable {
    let routes: RouteTableStore
    let token: AdminToken?
    let guardMonitor: GuardMonitor
    let shadow: ShadowRuntime?
    let logger: Logger

    init(
        routes: RouteTableStore,
        token: AdminToken?,
        guardMonitor: GuardMonitor,
        shadow: ShadowRuntime?,
        logger: Logger
    ) {
        self.routes = routes
        self.token = token
        self.guardMonitor = guardMonitor
        self.shadow = shadow
        self.logger = logger
    }
}

/// What mirroring needs: where samples go, where body copies spill, and how much of an answer to keep.
public struct ShadowRuntime: Sendable {
    public let recorder: ShadowRecorder
    /// Where captured requests go (`shadow.capture`), if anywhere.
    public let captures: CaptureWriter?
    public let spoolDirectory: String
    public let fileIO: NonBlockingFileIO
    /// Response bytes kept per side for comparison; the user's response still streams whole.
    public let captureLimit: Int

    public init(
        recorder: ShadowRecorder,
        captures: CaptureWriter? = nil,
        spoolDirectory: String,
        fileIO: NonBlockingFileIO = NonBlockingFileIO(threadPool: .singleton),
        captureLimit: Int = 256 * 1024
    ) {
        self.recorder = recorder
        self.captures = captures
        self.spoolDirectory = spoolDirectory
        self.fileIO = fileIO
        self.captureLimit = captureLimit
    }
}
