import ArgumentParser
import Foundation
import Logging
import NIOPosix
import StranglerCore
import StranglerProxy
import StranglerShadow

/// `strangler shadow replay`: compare both sides on captured traffic, on demand.
struct ShadowReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Send captured requests to both sides of their feature and store the comparisons.",
        discussion: """
            FILE is a capture file written by the proxy (<state>/captures/FEATURE.jsonl; a feature captures \
            when its route file `shadow.capture` is above 0). Each request goes to the feature's legacy and \
            new upstreams from the route file; the answers are compared with the feature's rules and stored \
            in <state>/shadow.sqlite like live samples (marked as replay), so `strangler shadow report` shows \
            them. Only GET, HEAD and OPTIONS are replayed unless --include-writes: a replayed write has its \
            side effects again on both sides.
            """
    )

    @Argument(help: "The capture file (JSON lines).")
    var file: String

    @Option(help: "Only requests of this feature.")
    var feature: String?

    @Option(help: "Requests per second at most (default: as fast as the sides answer).")
    var rate: Double?

    @Option(help: "Time each side has to answer one request.")
    var timeout: String = "10s"

    @Flag(help: "Also replay POST, PUT, PATCH and DELETE (their side effects happen again on both sides).")
    var includeWrites = false

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let table = try RoutesFileOptions.load(self.common.routes)
        guard let timeout = Quantity.parseDuration(self.timeout) else {
            throw ValidationError("--timeout must be a duration such as 10s or 500ms")
        }
        let records = try Self.read(self.file).filter { self.feature == nil || $0.feature == self.feature }
        let logger = Logger(label: "strangler.replay")
        let recorder = ShadowRecorder(
            store: try ShadowStore(path: StatePaths.shadow(in: self.common.state)),
            rulesProvider: { table.feature(named: $0)?.shadow },
            logger: logger
        )
        let worker = Task { try await recorder.run() }
        let client = ReplayClient(group: MultiThreadedEventLoopGroup.singleton, timeout: timeout)
        var progress = ReplayProgress(total: records.count)
        let clock = ContinuousClock()
        let started = clock.now
        for (index, record) in records.enumerated() {
            if let rate = self.rate, rate > 0 {
                try await clock.sleep(until: started + .seconds(Double(index) / rate))
            }
            guard let feature = table.feature(named: record.feature),
                let legacy = table.upstream(named: feature.legacy), let new = table.upstream(named: feature.new)
            else {
                progress.skip("feature '\(record.feature)' is not in the route file")
                continue
            }
            if record.bodyOmitted { progress.skip("body too large to have been captured"); continue }
            let idempotent = ["GET", "HEAD", "OPTIONS"].contains(record.method)
            if !idempotent && !self.includeWrites { progress.skip("write (use --include-writes)"); continue }
            async let legacyAnswer = client.send(record, to: legacy)
            async let newAnswer = client.send(record, to: new)
            let sample = ShadowSample(
                requestID: record.requestID,
                feature: record.feature,
                method: record.method,
                path: record.target,
                primarySide: .legacy,
                legacy: await legacyAnswer,
                new: await newAnswer,
                source: .replay
            )
            _ = await recorder.submit(sample)
            progress.sent()
        }
        await recorder.flush()
        worker.cancel()
        _ = try? await worker.value
        progress.finish()
        print("stored in \(StatePaths.shadow(in: self.common.state)); see `strangler shadow report`")
    }

    static func read(_ path: String) throws -> [CapturedRequest] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read the capture file '\(path)'")
        }
        let decoder = CapturedRequest.decoder()
        return try text.split(separator: "\n").enumerated().map { index, line in
            do {
                return try decoder.decode(CapturedRequest.self, from: Data(line.utf8))
            } catch {
                throw ValidationError("\(path):\(index + 1): not a captured request (\(error))")
            }
        }
    }
}

/// One line of progress on standard error, rewritten in place.
struct ReplayProgress {
    let total: Int
    private var done = 0
    private var skipped: [String: Int] = [:]

    init(total: Int) { self.total = total }

    mutating func sent() {
        self.done += 1
        self.draw()
    }

    mutating func skip(_ why: String) {
        self.done += 1
        self.skipped[why, default: 0] += 1
        self.draw()
    }

    private func draw() {
        let width = 30
        let filled = self.total == 0 ? width : width * self.done / self.total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(self.done)/\(self.total)".utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\n".utf8))
        let replayed = self.done - self.skipped.values.reduce(0, +)
        print("replayed \(replayed) of \(self.total) requests")
        for (why, count) in self.skipped.sorted(by: { $0.key < $1.key }) { print("  skipped \(count): \(why)") }
    }
}
