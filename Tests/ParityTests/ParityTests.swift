import Foundation
import ServiceTestSupport
import Testing

/// The same contract, run over real sockets against the legacy stub and each new service.
struct ParityTests {
    @Test func uploadServiceAnswersLikeLegacy() async throws {
        let stack = try await ServiceStack.start(upload: true, maxUploadBytes: UploadContract.maxUploadBytes)
        let upload = try #require(stack.upload)
        let token = try login(stack.legacy.client, "bob")
        let (legacyClient, newClient) = (stack.legacy.client, upload.client)
        for contract in try UploadContract.cases(token: token) {
            let (legacy, new) = try await offPool {
                (try contract.send(to: legacyClient), try contract.send(to: newClient))
            }
            let found = try problems(of: contract, legacy: legacy, new: new)
            #expect(found.isEmpty, "\(contract.name): \(found.joined(separator: "; "))")
            if contract.status == 201 {
                try checkUploadedVideo(legacy: legacy, new: new, stack: stack, contract: contract)
            }
        }
    }

    /// After an upload, `GET /api/videos/{id}` on each side shows the same video (ids apart).
    private func checkUploadedVideo(legacy: HTTPReply, new: HTTPReply, stack: ServiceStack, contract: ContractCase)
        throws
    {
        let legacyID = try #require(try legacy.json()["id"] as? Int)
        let newID = try #require(try new.json()["id"] as? Int)
        let legacyVideo = try stack.legacy.client.get("/api/videos/\(legacyID)")
        let newVideo = try #require(stack.upload).client.get("/api/videos/\(newID)")
        let check = ContractCase(name: "\(contract.name)-get", method: "GET", path: "", status: 200, ignore: ["$.id"])
        let found = try problems(of: check, legacy: legacyVideo, new: newVideo)
        #expect(found.isEmpty, "\(check.name): \(found.joined(separator: "; "))")
        let legacyMedia = try stack.legacy.client.get("/media/\(legacyID)/original.mp4")
        let newMedia = try #require(stack.upload).client.get("/media/\(newID)/original.mp4")
        #expect(legacyMedia.body == newMedia.body, "\(contract.name): media differs")
    }

    @Test func feedServiceAnswersLikeLegacy() async throws {
        let stack = try await ServiceStack.start(feed: true)
        let feed = try #require(stack.feed)
        let (legacyClient, newClient) = (stack.legacy.client, feed.client)
        for contract in FeedContract.cases() {
            let (legacy, new) = try await offPool {
                (try contract.send(to: legacyClient), try contract.send(to: newClient))
            }
            let found = try problems(of: contract, legacy: legacy, new: new)
            #expect(found.isEmpty, "\(contract.name): \(found.joined(separator: "; "))")
            #expect(legacy.body == new.body || contract.status != 200, "\(contract.name): not byte-identical")
        }
    }
}
