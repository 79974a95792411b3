import EventLog
import Foundation
import ServiceSupport
import ServiceTestSupport
import Testing
import VideoContract

/// The upload checks of issue 5 with the feature cut over: every request goes to `strangler serve`,
/// whose route file has feature `upload` on `mode: new`, so the real upload service answers it.
struct UploadThroughProxyTests {
    @Test(.timeLimit(.minutes(5)))
    func largeUploadThroughProxyStreamsWithSmallMemory() async throws {
        let stack = try await ProxiedUploadStack.start()
        defer { stack.stop() }
        let token = try login(stack.proxy.client, "carol")
        let uploadPID = stack.upload.pid
        let proxyPID = stack.proxy.pid
        let proxyBefore = try ProcessMemory.resident(pid: proxyPID)
        // Sample both processes while the body flows; VmHWM afterwards also catches peaks between samples.
        let sampler = Task {
            var peaks = (upload: 0, proxy: 0, samples: 0)
            while !Task.isCancelled {
                guard let upload = try? ProcessMemory.resident(pid: uploadPID),
                    let proxy = try? ProcessMemory.resident(pid: proxyPID)
                else { break }
                peaks = (max(peaks.upload, upload), max(peaks.proxy, proxy), peaks.samples + 1)
                try? await Task.sleep(for: .milliseconds(20))
            }
            return peaks
        }
        defer { sampler.cancel() }
        let sent = try await sendLargeUpload(through: stack.proxy.client, token: token)
        sampler.cancel()
        let sampled = await sampler.value
        let uploadPeak = try ProcessMemory.peakResident(pid: uploadPID)
        let proxyPeak = try ProcessMemory.peakResident(pid: proxyPID)

        #expect(sent.id > 1_000_000_000, "answered by legacy, not by the upload service")
        #expect(sampled.samples > 1)
        #expect(sampled.upload < 64 << 20, "upload-service sampled at \(sampled.upload >> 20) MiB")
        #expect(uploadPeak < 64 << 20, "upload-service peaked at \(uploadPeak >> 20) MiB")
        // A debug proxy starts near 70 MiB, so its bound is on growth: buffering the body adds >= 128 MiB.
        #expect(
            proxyPeak - proxyBefore < 32 << 20,
            "proxy grew from \(proxyBefore >> 20) to \(proxyPeak >> 20) MiB (sampled \(sampled.proxy >> 20))"
        )

        let stored = stack.services.scratch.path("upload/media/\(sent.id)/original.mp4")
        let onDisk = try await offPool { try fileDigest(atPath: stored) }
        #expect(onDisk.bytes == largeUploadBytes)
        #expect(onDisk.sha256 == sent.sha256)
        let shown = try stack.proxy.client.get("/api/videos/\(sent.id)")
        #expect(shown.status == 200)
        #expect(try shown.json()["sha256"] as? String == sent.sha256)
        #expect(stack.services.scratch.files(in: "upload/tmp").isEmpty)
    }

    @Test(.timeLimit(.minutes(2)))
    func clientLeavingMidUploadThroughProxyLeavesNothing() async throws {
        let stack = try await ProxiedUploadStack.start()
        defer { stack.stop() }
        let token = try login(stack.proxy.client, "bob")
        let scratch = stack.services.scratch
        // Declares 64 MiB, sends half, and hangs up once the upload service is writing it to disk.
        let head =
            "POST /api/videos?title=Cut HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: video/mp4\r\nContent-Length: \(64 << 20)\r\n\r\n"
        let client = stack.proxy.client
        let fd = try await offPool {
            try client.openAndWrite(Array(head.utf8) + [UInt8](repeating: 0x5a, count: 32 << 20))
        }
        let receiving = try await eventually {
            scratch.files(in: "upload/tmp").contains { name in
                let size = try? FileManager.default.attributesOfItem(atPath: scratch.path("upload/tmp/\(name)"))[.size]
                return (size as? Int ?? 0) >= 16 << 20
            }
        }
        close(fd)
        #expect(receiving, "the upload service never received the first half")
        #expect(try await eventually { scratch.files(in: "upload/tmp").isEmpty }, "the partial upload was kept")
        // Nothing in the service's folder but its database: no media, no shadow copy, no leftover.
        let kept = scratch.files(in: "upload").filter { !$0.hasPrefix("upload.sqlite") }
        #expect(kept.isEmpty, "left behind: \(kept)")
        // The first id the service gives (its --id-base) names nothing.
        #expect(try stack.proxy.client.get("/api/videos/1000000001").status == 404)

        // The next upload gets that first id, so the cut one took no row; its event is the only one.
        let video = sampleVideo(100_000)
        let reply = try stack.proxy.client.send(
            "POST",
            "/api/videos?title=Whole",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "video/mp4"],
            body: video
        )
        #expect(reply.status == 201)
        #expect(try reply.json()["id"] as? Int == 1_000_000_001)
        #expect(try reply.json()["sha256"] as? String == sha256Hex(video))
        #expect(try stack.proxy.client.get("/api/videos/1000000001").status == 200)
        #expect(scratch.files(in: "upload/media") == ["1000000001/original.mp4"])
        let log = try SQLiteEventLog(path: stack.services.eventsPath)
        #expect(try await eventually { try await log.read(after: 0, limit: 10).count == 1 })
        let events = try await log.read(after: 0, limit: 10)
        #expect(events.count == 1)
        let payload = try JSONDecoder().decode(VideoUploadedPayload.self, from: try #require(events.first).payload)
        #expect(payload.video.id == 1_000_000_001)
        #expect(payload.video.title == "Whole")
    }

    @Test(.timeLimit(.minutes(2)))
    func fiftyConcurrentUploadsFromTenUsersThroughProxyKeepPerUserOrder() async throws {
        // No --legacy-data: users 1-10 need not exist in a legacy database.
        let stack = try await ProxiedUploadStack.start(legacyUsers: false)
        defer { stack.stop() }
        let ids = try await uploadFiftyFromTenUsersAndCheckOrder(
            through: stack.proxy.client,
            eventsPath: stack.services.eventsPath
        )
        #expect(ids.allSatisfy { $0 > 1_000_000_000 }, "some uploads were answered by legacy")
        #expect(stack.services.scratch.files(in: "upload/media").count == 50)
    }
}

/// Feature `upload` on `mode: new` behind a real proxy: a legacy stub (the fallback and the feature's
/// legacy side), the upload service (data in `services.scratch/upload`), and `strangler serve`.
/// Nothing is mirrored back to legacy (no `shadow:` section).
struct ProxiedUploadStack {
    /// The legacy stub, the scratch folder and the event log.
    let services: ServiceStack
    /// The upload service behind the proxy.
    let upload: ServiceProcess
    /// The proxy every request of the test goes through.
    let proxy: StranglerProcess

    /// With `legacyUsers`, the upload service gets `--legacy-data` (tokens must name legacy users).
    static func start(legacyUsers: Bool = true) async throws -> ProxiedUploadStack {
        let services = try await ServiceStack.start(upload: legacyUsers)
        let upload: ServiceProcess
        if let started = services.upload {
            upload = started
        } else {
            upload = try await ServiceProcess.start(
                "upload-service",
                arguments: ["--data", services.scratch.path("upload"), "--events", services.eventsPath]
            )
        }
        let routes = StranglerProcess.routeFile(
            upstreams: [("legacy", services.legacy.port), ("upload", upload.port)],
            fallback: "legacy",
            features: """
                features:
                  - name: upload
                    routes:
                      - { path: /api/videos, methods: [POST] }
                      - { path: "/api/videos/{id}", methods: [GET] }
                      - { path: /media/*, methods: [GET] }
                    legacy: legacy
                    new: upload
                    mode: new
                """
        )
        let proxy = try await StranglerProcess.start(routes: routes)
        return ProxiedUploadStack(services: services, upload: upload, proxy: proxy)
    }

    /// Stops the proxy and the services and removes their folders.
    func stop() {
        proxy.stop()
        upload.stop()
        services.upload?.stop()
        services.legacy.stop()
        services.scratch.remove()
    }
}
