import Foundation
import ServiceTestSupport

/// One request of the contract, sent unchanged to legacy and to a new service.
///
/// Both sides must answer `status` (and `code` for errors), and their JSON bodies must be equal
/// once `ignore` paths (values that are allowed to differ, like ids and timestamps) are removed.
/// Every request carries the same `X-Request-Id`, so `request_id` in errors must match too.
struct ContractCase: Sendable, CustomStringConvertible {
    let name: String
    let method: String
    let path: String
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    var chunked = false
    let status: Int
    var code: String?
    var ignore: [String] = []

    var description: String { name }

    /// Sends the case to one side.
    func send(to client: HTTPTestClient) throws -> HTTPReply {
        try client.send(
            method,
            path,
            headers: headers.merging(["X-Request-Id": "parity-\(name)"]) { $1 },
            body: body,
            chunked: chunked
        )
    }
}

/// Checks both replies of a case; returns the problems found (empty when they agree with the contract).
func problems(of contract: ContractCase, legacy: HTTPReply, new: HTTPReply) throws -> [String] {
    var found: [String] = []
    for (side, reply) in [("legacy", legacy), ("new", new)] {
        if reply.status != contract.status {
            found.append("\(side) answered \(reply.status), expected \(contract.status)")
        }
        if let code = contract.code, try reply.errorCode().code != code {
            found.append("\(side) error code \(String(describing: try reply.errorCode().code)), expected \(code)")
        }
    }
    if legacy.headers["content-type"] != new.headers["content-type"] {
        found.append("content-type \(legacy.headers["content-type"] ?? "-") vs \(new.headers["content-type"] ?? "-")")
    }
    if legacy.headers["content-type"]?.hasPrefix("application/json") == true {
        let left = try canonicalJSON(legacy.body, ignoring: contract.ignore)
        let right = try canonicalJSON(new.body, ignoring: contract.ignore)
        if left != right { found.append("bodies differ:\n  legacy \(left)\n  new    \(right)") }
    } else if legacy.body != new.body {
        found.append("bodies differ (\(legacy.body.count) vs \(new.body.count) bytes)")
    }
    for header in ["content-range", "accept-ranges", "allow"] where legacy.headers[header] != new.headers[header] {
        found.append("\(header): \(legacy.headers[header] ?? "-") vs \(new.headers[header] ?? "-")")
    }
    return found
}
