import HTTPTypes
import Hummingbird

extension Request {
    /// Whether this is a proxy's mirrored copy (`X-Strangler-Shadow: 1`): answer it alike, keep its effects dark.
    package var isMirrored: Bool {
        headers[HTTPField.Name("X-Strangler-Shadow")!] == "1"
    }
}
