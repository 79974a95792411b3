import Crypto
import Foundation
import Hummingbird
import NIOCore
import _NIOFileSystem

/// Receives an upload into a temporary file while computing its SHA-256, without ever holding the
/// whole body in memory.
///
/// Feed it buffers with ``append(_:)``, then ``finish()`` (flush + fsync + close) and move the
/// result into place with ``SpooledFile/move(to:)``. On any failure call ``discard()``: nothing stays.
/// ``receive(_:into:maxBytes:)`` does all of this for a plain body.
public struct UploadSpool {
    /// Where the bytes are being written; a name in the spool directory ending in `.part`.
    public let temporaryPath: String
    /// Bytes accepted so far.
    public private(set) var byteCount: Int64 = 0
    /// The most bytes accepted; more makes ``append(_:)`` throw a 413 ``APIError``.
    public let maxBytes: Int64?

    private let handle: WriteFileHandle
    private var writer: BufferedWriter<WriteFileHandle>
    private var hasher = SHA256()

    /// Creates an empty temporary file in `directory` (created if missing).
    public static func create(in directory: String, maxBytes: Int64? = nil) async throws -> UploadSpool {
        try await FileSystem.shared.createDirectory(at: FilePath(directory), withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("upload-\(RequestID.generate()).part")
        let options = OpenOptions.Write(
            existingFile: .none,
            newFile: OpenOptions.NewFile(transactionalCreation: false)
        )
        let handle = try await FileSystem.shared.openFile(forWritingAt: FilePath(path), options: options)
        return UploadSpool(temporaryPath: path, maxBytes: maxBytes, handle: handle)
    }

    private init(temporaryPath: String, maxBytes: Int64?, handle: WriteFileHandle) {
        self.temporaryPath = temporaryPath
        self.maxBytes = maxBytes
        self.handle = handle
        self.writer = handle.bufferedWriter(capacity: .kibibytes(256))
    }

    /// Writes `buffer`'s readable bytes and adds them to the digest.
    /// - Throws: ``APIError`` 413 when the total would pass ``maxBytes``; file system errors.
    public mutating func append(_ buffer: ByteBuffer) async throws {
        let count = Int64(buffer.readableBytes)
        if let maxBytes, self.byteCount + count > maxBytes {
            throw APIError.payloadTooLarge(limit: maxBytes)
        }
        buffer.withUnsafeReadableBytes { self.hasher.update(bufferPointer: $0) }
        try await self.writer.write(contentsOf: buffer)
        self.byteCount += count
    }

    /// Flushes, fsyncs and closes the temporary file and returns what was received.
    public mutating func finish() async throws -> SpooledFile {
        try await self.writer.flush()
        try await self.handle.synchronize()
        try await self.handle.close()
        let digest = self.hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return SpooledFile(temporaryPath: self.temporaryPath, bytes: self.byteCount, sha256: digest)
    }

    /// Closes and deletes the temporary file. Runs to the end even when the task is cancelled.
    public func discard() async {
        let handle = self.handle
        let path = self.temporaryPath
        // A fresh task is not cancelled, so the close runs even after a client disconnect.
        await Task {
            try? await handle.close()
            unlink(path)
        }.value
    }

    /// Streams a whole request body into a temporary file in `directory`.
    /// On any error (including a client that disconnects mid-body) the temporary file is deleted.
    public static func receive<Body: AsyncSequence>(
        _ body: Body,
        into directory: String,
        maxBytes: Int64? = nil
    ) async throws -> SpooledFile where Body.Element == ByteBuffer {
        var spool = try await UploadSpool.create(in: directory, maxBytes: maxBytes)
        do {
            for try await buffer in body {
                try await spool.append(buffer)
            }
            return try await spool.finish()
        } catch {
            await spool.discard()
            throw error
        }
    }
}

/// A completely received, fsynced upload that still lives under its temporary name.
public struct SpooledFile: Sendable, Equatable {
    /// The temporary file.
    public let temporaryPath: String
    /// Size in bytes.
    public let bytes: Int64
    /// SHA-256 of the content, lowercase hex.
    public let sha256: String

    /// Atomically renames the file to `destination` (creating its directory), then fsyncs that directory.
    /// Synchronous: call it off the event loop (e.g. inside a database write).
    public func move(to destination: String) throws {
        let directory = (destination as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard rename(self.temporaryPath, destination) == 0 else {
            throw APIError.internal("Could not move the upload into place (errno \(errno)).")
        }
        let fd = open(directory, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    /// Deletes the temporary file (when a later step failed).
    public func remove() {
        unlink(self.temporaryPath)
    }
}
