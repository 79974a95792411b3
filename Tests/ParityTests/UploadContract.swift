import Foundation
import ServiceSupport
import ServiceTestSupport

/// The upload feature's contract: `POST /api/videos`, `GET /api/videos/{id}`, `GET /media/...`.
enum UploadContract {
    /// Fields that legitimately differ between two stores of the same upload.
    static let ignore = ["$.id", "$.created_at"]
    /// The largest upload both sides are started with.
    static let maxUploadBytes = 1 << 20

    static func cases(token: String) throws -> [ContractCase] {
        let auth = "Bearer \(token)"
        let video = sampleVideo(50_000, seed: 9)
        let boundary = "parity-boundary-42"
        let multipart = "multipart/form-data; boundary=\(boundary)"
        let now = Int64(Date().timeIntervalSince1970)
        let expired = try JWTSigner(secret: "strangler-dev-secret")
            .sign(JWTClaims(sub: "2", name: "bob", iat: now - 100_000, exp: now - 10))
        let forged = try JWTSigner(secret: "wrong-secret").sign(
            JWTClaims(sub: "2", name: "bob", iat: now, exp: now + 60)
        )
        let ghost = try JWTSigner(secret: "strangler-dev-secret")
            .sign(JWTClaims(sub: "77", name: "ghost", iat: now, exp: now + 60))
        let raw = ["Authorization": auth, "Content-Type": "video/mp4"]
        return [
            ContractCase(
                name: "raw-upload",
                method: "POST",
                path: "/api/videos?title=Parity%20raw",
                headers: raw,
                body: video,
                status: 201,
                ignore: ignore
            ),
            ContractCase(
                name: "multipart-upload",
                method: "POST",
                path: "/api/videos",
                headers: ["Authorization": auth, "Content-Type": multipart],
                body: multipartBody(title: "Parity form", file: video, boundary: boundary),
                status: 201,
                ignore: ignore
            ),
            ContractCase(
                name: "chunked-upload",
                method: "POST",
                path: "/api/videos?title=Chunked",
                headers: raw,
                body: video,
                chunked: true,
                status: 201,
                ignore: ignore
            ),
            ContractCase(
                name: "no-token",
                method: "POST",
                path: "/api/videos?title=x",
                headers: ["Content-Type": "video/mp4"],
                body: [1],
                status: 401,
                code: "unauthorized"
            ),
            ContractCase(
                name: "garbage-token",
                method: "POST",
                path: "/api/videos?title=x",
                headers: ["Authorization": "Bearer a.b.c", "Content-Type": "video/mp4"],
                body: [1],
                status: 401,
                code: "invalid_token"
            ),
            ContractCase(
                name: "basic-scheme",
                method: "POST",
                path: "/api/videos?title=x",
                headers: ["Authorization": "Basic Ym9iOmJvYg==", "Content-Type": "video/mp4"],
                body: [1],
                status: 401,
                code: "invalid_token"
            ),
            ContractCase(
                name: "forged-token",
                method: "POST",
                path: "/api/videos?title=x",
                headers: ["Authorization": "Bearer \(forged)", "Content-Type": "video/mp4"],
                body: [1],
                status: 401,
                code: "invalid_token"
            ),
            ContractCase(
                name: "expired-token",
                method: "POST",
                path: "/api/videos?title=x",
                headers: ["Authorization": "Bearer \(expired)", "Content-Type": "video/mp4"],
                body: [1],
                status: 401,
                code: "token_expired"
            ),
            ContractCase(
                name: "unknown-user-token",
                method: "POST",
                path: "/api/videos?title=x",
                headers: ["Authorization": "Bearer \(ghost)", "Content-Type": "video/mp4"],
                body: [1],
                status: 401,
                code: "invalid_token"
            ),
            ContractCase(
                name: "json-body",
                method: "POST",
                path: "/api/videos?title=x",
                headers: ["Authorization": auth, "Content-Type": "application/json"],
                body: Array(#"{"title": "x""#.utf8),
                status: 415,
                code: "unsupported_media_type"
            ),
            ContractCase(
                name: "missing-title",
                method: "POST",
                path: "/api/videos",
                headers: raw,
                body: [1],
                status: 400,
                code: "missing_title"
            ),
            ContractCase(
                name: "multipart-without-boundary",
                method: "POST",
                path: "/api/videos",
                headers: ["Authorization": auth, "Content-Type": "multipart/form-data"],
                body: [1],
                status: 400,
                code: "bad_multipart"
            ),
            ContractCase(
                name: "multipart-without-file",
                method: "POST",
                path: "/api/videos",
                headers: ["Authorization": auth, "Content-Type": multipart],
                body: Array(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx\r\n--\(boundary)--\r\n"
                        .utf8
                ),
                status: 400,
                code: "missing_file"
            ),
            ContractCase(
                name: "multipart-without-title",
                method: "POST",
                path: "/api/videos",
                headers: ["Authorization": auth, "Content-Type": multipart],
                body: multipartBody(title: " ", file: [1, 2], boundary: boundary),
                status: 400,
                code: "missing_title"
            ),
            ContractCase(
                name: "declared-oversize",
                method: "POST",
                path: "/api/videos?title=big",
                headers: raw,
                body: sampleVideo(maxUploadBytes + 1),
                status: 413,
                code: "payload_too_large"
            ),
            ContractCase(
                name: "streamed-oversize",
                method: "POST",
                path: "/api/videos?title=big",
                headers: raw,
                body: sampleVideo(maxUploadBytes + 1),
                chunked: true,
                status: 413,
                code: "payload_too_large"
            ),
            ContractCase(name: "legacy-video", method: "GET", path: "/api/videos/12", status: 200),
            ContractCase(
                name: "unknown-video",
                method: "GET",
                path: "/api/videos/999999",
                status: 404,
                code: "not_found"
            ),
            ContractCase(name: "bad-video-id", method: "GET", path: "/api/videos/abc", status: 400, code: "bad_id"),
            ContractCase(
                name: "video-wrong-method",
                method: "DELETE",
                path: "/api/videos/12",
                status: 405,
                code: "method_not_allowed"
            ),
            ContractCase(name: "media-whole", method: "GET", path: "/media/12/original.mp4", status: 200),
            ContractCase(
                name: "media-range",
                method: "GET",
                path: "/media/12/original.mp4",
                headers: ["Range": "bytes=100-199"],
                status: 206
            ),
            ContractCase(
                name: "media-suffix-range",
                method: "GET",
                path: "/media/12/original.mp4",
                headers: ["Range": "bytes=-10"],
                status: 206
            ),
            ContractCase(
                name: "media-past-end",
                method: "GET",
                path: "/media/12/original.mp4",
                headers: ["Range": "bytes=999999-"],
                status: 416,
                code: "range_not_satisfiable"
            ),
            ContractCase(
                name: "media-missing-rendition",
                method: "GET",
                path: "/media/12/720p.mp4",
                status: 404,
                code: "not_found"
            ),
            ContractCase(
                name: "media-bad-name",
                method: "GET",
                path: "/media/12/whatever.txt",
                status: 404,
                code: "not_found"
            ),
        ]
    }
}
