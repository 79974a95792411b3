import Crypto
import Foundation

/// Logs `username` in at a legacy stub (password = username) and returns the bearer token.
public func login(_ client: HTTPTestClient, _ username: String) throws -> String {
    let reply = try client.postJSON("/api/auth/login", ["username": username, "password": username])
    guard reply.status == 200, let token = try reply.json()["token"] as? String else {
        throw TestFailure("login of \(username) failed with \(reply.status)")
    }
    return token
}

/// Lowercase hex SHA-256 of `bytes`.
public func sha256Hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}

/// `count` pseudo-random bytes, seeded.
public func sampleVideo(_ count: Int, seed: UInt64 = 42) -> [UInt8] {
    var generator = PatternGenerator(seed: seed)
    var bytes = [UInt8](repeating: 0, count: count)
    generator.fill(&bytes, count: count)
    return bytes
}

/// A `multipart/form-data` body with a `title` field and a `file` part.
public func multipartBody(title: String, file: [UInt8], boundary: String) -> [UInt8] {
    var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n\(title)\r\n".utf8)
    body += Array(
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\nContent-Type: video/mp4\r\n\r\n"
            .utf8
    )
    body += file
    body += Array("\r\n--\(boundary)--\r\n".utf8)
    return body
}

/// JSON as canonical bytes (sorted keys) after removing `ignoring` paths (`$.a`, `$.a[*].b`).
public func canonicalJSON(_ body: [UInt8], ignoring: [String] = []) throws -> String {
    var value = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
    for path in ignoring {
        let steps = path.dropFirst(2).split(separator: ".").map(String.init)
        value = remove(steps[...], from: value)
    }
    let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    return String(decoding: data, as: UTF8.self)
}

private func remove(_ steps: ArraySlice<String>, from value: Any) -> Any {
    guard let step = steps.first else { return value }
    let isArray = step.hasSuffix("[*]")
    let key = isArray ? String(step.dropLast(3)) : step
    guard var object = value as? [String: Any], let child = object[key] else { return value }
    if steps.count == 1, !isArray {
        object[key] = nil
    } else if isArray, let items = child as? [Any] {
        object[key] = steps.count == 1 ? [] : items.map { remove(steps.dropFirst(), from: $0) }
    } else {
        object[key] = remove(steps.dropFirst(), from: child)
    }
    return object
}
