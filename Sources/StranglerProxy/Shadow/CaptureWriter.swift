import Foundation
import NIOConcurrencyHelpers
import StranglerShadow

/// Appends captured requests to `<directory>/FEATURE.jsonl` on a background queue. The proxy's event
/// loops only enqueue; past `maxPending` queued lines, or once a file reaches `maxFileBytes`, captures are
/// dropped (and counted), never waited for.
public final class CaptureWriter: Sendable {
    private let directory: String
    private let queue = DispatchQueue(label: "strangler.capture")
    private let pending = NIOLockedValueBox(0)
    private let sizes = NIOLockedValueBox<[String: Int]>([:])
    private let dropped = NIOLockedValueBox(0)
    private let maxPending: Int
    private let maxFileBytes: Int

    public init(directory: String, maxPending: Int = 1024, maxFileBytes: Int = 256 << 20) {
        self.directory = directory
        self.maxPending = maxPending
        self.maxFileBytes = maxFileBytes
    }

    /// Captures dropped because the writer was behind or a file was full.
    public var droppedCount: Int { self.dropped.withLockedValue { $0 } }

    /// The capture file of a feature.
    public func path(feature: String) -> String {
        (self.directory as NSString).appendingPathComponent("\(feature).jsonl")
    }

    /// Queues one record; never blocks.
    func append(_ record: CapturedRequest) {
        let admitted = self.pending.withLockedValue { pending -> Bool in
            guard pending < self.maxPending else { return false }
            pending += 1
            return true
        }
        guard admitted else {
            self.dropped.withLockedValue { $0 += 1 }
            return
        }
        self.queue.async {
            defer { self.pending.withLockedValue { $0 -= 1 } }
            guard var line = try? CapturedRequest.encoder().encode(record) else { return }
            line.append(UInt8(ascii: "\n"))
            let path = self.path(feature: record.feature)
            let size = self.sizes.withLockedValue { $0[path] ?? Self.fileSize(path) }
            guard size + line.count <= self.maxFileBytes else {
                self.dropped.withLockedValue { $0 += 1 }
                return
            }
            try? FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: path) {
                FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            defer { try? handle.close() }
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: line)
            self.sizes.withLockedValue { $0[path] = size + line.count }
        }
    }

    /// Waits until every queued record is written (tests, shutdown).
    public func flush() {
        self.queue.sync {}
    }

    private static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }
}
