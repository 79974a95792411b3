import Crypto
import Foundation

/// Size and lowercase hex SHA-256 of the file at `path`, read 1 MiB at a time (fit for gigabytes).
public func fileDigest(atPath path: String) throws -> (bytes: Int, sha256: String) {
    guard let handle = FileHandle(forReadingAtPath: path) else { throw TestFailure("cannot open \(path)") }
    defer { try? handle.close() }
    var hasher = SHA256()
    var bytes = 0
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        hasher.update(data: chunk)
        bytes += chunk.count
    }
    return (bytes, hasher.finalize().map { String(format: "%02x", $0) }.joined())
}
