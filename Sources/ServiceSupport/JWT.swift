import Crypto
import Foundation
import Hummingbird

/// The claims of a Strangler access token.
public struct JWTClaims: Codable, Sendable, Equatable {
    /// Subject: the user id, as a decimal string.
    public var sub: String
    /// The user's name (username).
    public var name: String
    /// Issued at, seconds since 1970.
    public var iat: Int64
    /// Expires at, seconds since 1970.
    public var exp: Int64

    /// Creates claims.
    public init(sub: String, name: String, iat: Int64, exp: Int64) {
        self.sub = sub
        self.name = name
        self.iat = iat
        self.exp = exp
    }

    /// The subject as a numeric user id, when it is one.
    public var userID: Int64? { Int64(self.sub) }
}

/// Signs and verifies HS256 JSON Web Tokens with a shared secret.
public struct JWTSigner: Sendable {
    private let secret: [UInt8]

    /// Creates a signer for `secret` (UTF-8 bytes are the HMAC key).
    public init(secret: String) {
        self.secret = Array(secret.utf8)
    }

    private var key: SymmetricKey { SymmetricKey(data: self.secret) }

    /// Returns a compact `header.payload.signature` token for `claims`.
    public func sign(_ claims: JWTClaims) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let header = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = Base64URL.encode(try encoder.encode(claims))
        let signingInput = "\(header).\(payload)"
        let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: self.key)
        return "\(signingInput).\(Base64URL.encode(mac))"
    }

    /// Checks the token's algorithm, signature and expiry and returns its claims.
    /// - Throws: ``APIError`` 401 `invalid_token` or `token_expired`.
    public func verify(_ token: String, now: Date = Date()) throws -> JWTClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let headerData = Base64URL.decode(parts[0]),
            let payloadData = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2])
        else {
            throw Self.invalid("The token is not a well-formed JWT.")
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: headerData), header.alg == "HS256" else {
            throw Self.invalid("The token must be signed with HS256.")
        }
        let signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signingInput, using: self.key) else {
            throw Self.invalid("The token signature does not match; log in again.")
        }
        guard let claims = try? JSONDecoder().decode(JWTClaims.self, from: payloadData) else {
            throw Self.invalid("The token payload lacks sub, name, iat or exp.")
        }
        guard Int64(now.timeIntervalSince1970) < claims.exp else {
            throw APIError.unauthorized("The token has expired; log in again.", code: "token_expired")
        }
        return claims
    }

    /// Verifies the `Authorization: Bearer <token>` header of `request`.
    /// - Throws: ``APIError`` 401 when the header is missing, malformed or the token is invalid.
    public func verify(request: Request, now: Date = Date()) throws -> JWTClaims {
        guard let value = request.headers[.authorization] else {
            throw APIError.unauthorized(
                "Send an `Authorization: Bearer <token>` header; get a token from /api/auth/login."
            )
        }
        let prefix = "bearer "
        guard value.count > prefix.count, value.prefix(prefix.count).lowercased() == prefix else {
            throw Self.invalid("The Authorization header must use the Bearer scheme.")
        }
        return try self.verify(String(value.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces), now: now)
    }

    private struct Header: Decodable {
        let alg: String
    }

    private static func invalid(_ message: String) -> APIError {
        APIError.unauthorized(message, code: "invalid_token")
    }
}
