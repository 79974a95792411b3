import Foundation
import Glibc
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// Watches the route file's directory with inotify and reloads when the file is written or replaced.
///
/// The directory is watched, not the file: editors save by writing a temporary file and renaming it over
/// the original, which a watch on the file itself would lose. Blocking reads run on a dedicated thread.
public final class RouteFileWatcher: Service {
    private let controller: RouteTableController
    private let logger: Logger
    private let stopped = NIOLockedValueBox(false)

    public init(controller: RouteTableController, logger: Logger) {
        self.controller = controller
        self.logger = logger
    }

    public func run() async throws {
        let url = URL(fileURLWithPath: self.controller.path).standardizedFileURL
        let directory = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { throw WatchError(message: "inotify_init1 failed: errno \(errno)") }
        defer { close(fd) }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE)
        guard inotify_add_watch(fd, directory, mask) >= 0 else {
            throw WatchError(message: "cannot watch \(directory): errno \(errno)")
        }
        self.logger.info("watching route file", metadata: ["file": "\(url.path)"])
        try await withGracefulShutdownHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let thread = Thread { [self] in
                    Thread.current.name = "route-watcher"  // from inside, at most 15 characters: see ShadowRecorder
                    self.loop(fd: fd, name: name)
                    continuation.resume()
                }
                thread.start()
            }
        } onGracefulShutdown: {
            self.stopped.withLockedValue { $0 = true }
        }
    }

    private func loop(fd: Int32, name: String) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !self.stopped.withLockedValue({ $0 }) {
            var pollfd = Glibc.pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pollfd, 1, 200) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { continue }
            if Self.events(in: buffer, count: count).contains(name) {
                self.controller.reload(trigger: "file watch")
            }
        }
    }

    /// The file names carried by a batch of inotify events.
    private static func events(in buffer: [UInt8], count: Int) -> Set<String> {
        var names: Set<String> = []
        var offset = 0
        let headerSize = MemoryLayout<inotify_event>.size
        buffer.withUnsafeBytes { raw in
            while offset + headerSize <= count {
                let length = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                let nameStart = offset + headerSize
                if length > 0, nameStart + length <= count {
                    let bytes = raw[nameStart..<nameStart + length].prefix { $0 != 0 }
                    names.insert(String(decoding: bytes, as: UTF8.self))
                }
                offset = nameStart + length
            }
        }
        return names
    }

    struct WatchError: Error, CustomStringConvertible {
        let message: String
        var description: String { self.message }
    }
}
