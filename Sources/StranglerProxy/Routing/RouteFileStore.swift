import Foundation

/// Reads and atomically replaces the route file.
public struct RouteFileStore: Sendable {
    /// The route file's path as the user gave it (used in `file:line:col` messages).
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The file's text.
    public func read() throws -> String {
        do {
            return try String(contentsOfFile: self.path, encoding: .utf8)
        } catch {
            throw RouteFileUnreadable(path: self.path, reason: error.localizedDescription)
        }
    }

    /// Replaces the file's text the way careful editors do: a temporary file in the same directory,
    /// flushed to disk, renamed over the original (keeping its permissions), then the directory flushed.
    /// A reader sees the old file or the new one, never half of one.
    public func write(_ text: String) throws {
        let url = URL(fileURLWithPath: self.path)
        let directory = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).strangler-\(getpid()).tmp").path
        let mode = (try? FileManager.default.attributesOfItem(atPath: self.path)[.posixPermissions] as? Int) ?? 0o644
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(mode))
        guard fd >= 0 else { throw RouteFileUnreadable(path: temporary, reason: "cannot create: errno \(errno)") }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else {
                close(fd)
                unlink(temporary)
                throw RouteFileUnreadable(path: temporary, reason: "write failed: errno \(errno)")
            }
            written += n
        }
        fsync(fd)
        close(fd)
        guard rename(temporary, self.path) == 0 else {
            unlink(temporary)
            throw RouteFileUnreadable(path: self.path, reason: "rename failed: errno \(errno)")
        }
        let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }
}

/// The route file could not be read or written.
public struct RouteFileUnreadable: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(self.path): \(self.reason)" }
}
