import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import ServiceSupport
import VideoContract

/// What the upload service's route handlers share.
struct UploadDependencies: Sendable {
    let configuration: UploadConfiguration
    let store: UploadStore
    let legacy: LegacyDatabase?
    let signer: JWTSigner
    let relay: OutboxRelay
}

/// Typed request inputs with the legacy monolith's error codes and messages.
enum RequestInput {
    /// Path parameter `name` as a positive integer id.
    static func id(_ name: String, in context: some RequestContext) throws -> Int64 {
        let text = context.parameters.get(name) ?? ""
        guard let value = Int64(text), value > 0 else {
            throw APIError.badRequest("bad_id", "'\(text)' is not a valid id; ids are positive integers.")
        }
        return value
    }

    /// Query parameter `name`, if present.
    static func query(_ name: String, in request: Request) -> String? {
        request.uri.queryParameters[name[...]].map(String.init)
    }
}
