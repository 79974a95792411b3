import Foundation
import NIOCore
import NIOPosix

/// A copy of a request body for its shadow, kept while the body streams to the primary.
///
/// Up to `memoryLimit` stays in memory (the buffers are shared with the primary's, not copied); past that
/// the copy spills to a temporary file through NIO's thread pool, never blocking the event loop. While the
/// disk is more than `backlogLimit` behind, ``isBacklogged`` asks the connection to pause reading from the
/// client (the upload proceeds at disk speed, as with nginx's request buffering); a body past the feature's
/// `max_body` abandons the copy: the shadow is skipped and counted, the primary is untouched.
final class BodyCopy {
    enum State {
        case memory([ByteBuffer])
        case spilling(path: String, handle: EventLoopFuture<NIOFileHandle>)
        case abandoned(MirrorSkip)
    }

    /// What a finished copy holds, for sending.
    enum Source {
        case memory([ByteBuffer])
        /// The spooled body, opened for reading; the sender closes the handle and removes the file.
        case file(path: String, handle: NIOFileHandle, region: FileRegion)
    }

    private(set) var state: State = .memory([])
    private(set) var bytes = 0
    private var backlog = 0
    private var lastWrite: EventLoopFuture<Void>?
    private let maxBody: Int
    private let memoryLimit: Int
    private let backlogLimit: Int
    private let spoolDirectory: String
    private let fileIO: NonBlockingFileIO
    private let eventLoop: any EventLoop
    /// Called when a backlog that paused the client has drained below half the limit.
    var onDrained: (() -> Void)?

    init(
        maxBody: Int,
        spoolDirectory: String,
        fileIO: NonBlockingFileIO,
        eventLoop: any EventLoop,
        memoryLimit: Int = 256 * 1024,
        backlogLimit: Int = 16 * 1024 * 1024
    ) {
        self.maxBody = maxBody
        self.spoolDirectory = spoolDirectory
        self.fileIO = fileIO
        self.eventLoop = eventLoop
        self.memoryLimit = memoryLimit
        self.backlogLimit = backlogLimit
    }

    /// The spill file is behind by more than the limit: pause reading the client until ``onDrained``.
    var isBacklogged: Bool { self.backlog > self.backlogLimit }

    /// Adds a part of the body.
    func append(_ buffer: ByteBuffer) {
        self.bytes += buffer.readableBytes
        switch self.state {
        case .abandoned:
            return
        case .memory(var buffers):
            if self.bytes > self.maxBody { return self.abandon(.bodyTooLarge) }
            buffers.append(buffer)
            if self.bytes <= self.memoryLimit {
                self.state = .memory(buffers)
            } else {
                self.spill(buffers)
            }
        case .spilling(_, let handle):
            if self.bytes > self.maxBody { return self.abandon(.bodyTooLarge) }
            self.write(buffer, to: handle)
        }
    }

    /// The finished copy, once every spilled byte is on disk.
    func finish() -> EventLoopFuture<Source?> {
        switch self.state {
        case .abandoned:
            return self.eventLoop.makeSucceededFuture(nil)
        case .memory(let buffers):
            return self.eventLoop.makeSucceededFuture(.memory(buffers))
        case .spilling(let path, let handle):
            let fileIO = self.fileIO
            let eventLoop = self.eventLoop
            let written = self.lastWrite ?? handle.map { _ in }
            return written.flatMap { handle }
                .flatMapThrowing { try $0.close() }
                .flatMap { fileIO.openFile(_deprecatedPath: path, eventLoop: eventLoop) }
                .map { Source.file(path: path, handle: $0.0, region: $0.1) }
                .recover { _ in
                    unlink(path)
                    return nil
                }
        }
    }

    /// Drops the copy and its file.
    func discard() {
        if case .spilling(let path, let handle) = self.state {
            (self.lastWrite ?? handle.map { _ in }).whenComplete { _ in
                handle.whenSuccess { try? $0.close() }
                unlink(path)
            }
        }
        self.state = .abandoned(.busy)
    }

    private func abandon(_ reason: MirrorSkip) {
        self.discard()
        self.state = .abandoned(reason)
    }

    /// Why the copy was abandoned.
    var skipReason: MirrorSkip? {
        if case .abandoned(let reason) = self.state { return reason }
        return nil
    }

    private func spill(_ buffers: [ByteBuffer]) {
        let path = (self.spoolDirectory as NSString).appendingPathComponent("shadow-\(UUID().uuidString).body")
        let handle = self.fileIO.openFile(
            _deprecatedPath: path,
            mode: .write,
            flags: .allowFileCreation(posixMode: 0o600),
            eventLoop: self.eventLoop
        )
        self.state = .spilling(path: path, handle: handle)
        for buffer in buffers { self.write(buffer, to: handle) }
    }

    private func write(_ buffer: ByteBuffer, to handle: EventLoopFuture<NIOFileHandle>) {
        let size = buffer.readableBytes
        self.backlog += size
        // Reads pause at the limit; only a client ignoring that (a pipelined burst) gets this far.
        if self.backlog > 4 * self.backlogLimit { return self.abandon(.busy) }
        let fileIO = self.fileIO
        let eventLoop = self.eventLoop
        let previous = self.lastWrite ?? handle.map { _ in }
        let write = previous.flatMap {
            handle.flatMap { fileIO.write(fileHandle: $0, buffer: buffer, eventLoop: eventLoop) }
        }
        self.lastWrite = write
        write.assumeIsolated().whenComplete { _ in
            let wasBacklogged = self.isBacklogged
            self.backlog -= size
            if wasBacklogged || self.backlog < self.backlogLimit / 2 { self.onDrained?() }
        }
    }
}
