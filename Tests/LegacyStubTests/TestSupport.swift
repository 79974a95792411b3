import Crypto
import Foundation
import Testing

/// Logs `username` in (password = username) and returns the bearer token.
func login(_ client: TinyHTTPClient, _ username: String) throws -> String {
    let reply = try client.postJSON("/api/auth/login", ["username": username, "password": username])
    try #require(reply.status == 200)
    return try #require(try reply.json()["token"] as? String)
}

/// Lowercase hex SHA-256 of `bytes`.
func sha256Hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}

/// `count` pseudo-random bytes (seeded, so failures reproduce), with many `\r\n--` look-alikes.
func sampleVideo(_ count: Int, seed: UInt64 = 42) -> [UInt8] {
    var state = seed
    return (0..<count).map { index in
        if index % 997 == 0 { return UInt8(ascii: "\r") }
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 33)
    }
}

/// A `multipart/form-data` body with a `title` field and a `file` part.
func multipartBody(title: String, file: [UInt8], boundary: String) -> [UInt8] {
    var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n\(title)\r\n".utf8)
    body += Array(
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\nContent-Type: video/mp4\r\n\r\n"
            .utf8
    )
    body += file
    body += Array("\r\n--\(boundary)--\r\n".utf8)
    return body
}

/// The ids of the seeded videos in the feed of `userID`, newest first (40 videos, video i by user (i-1)%5+1).
func seededFeedIDs(of userID: Int) -> [Int] {
    let follows: [Int: Set<Int>] = [1: [2, 3], 2: [1, 3], 3: [1, 4], 4: [1, 5], 5: [1, 2]]
    let authors = follows[userID, default: []].union([userID])
    return (1...40).reversed().filter { authors.contains(($0 - 1) % 5 + 1) }
}
