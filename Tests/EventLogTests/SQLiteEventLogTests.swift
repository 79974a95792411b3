import Foundation
import Testing

@testable import EventLog

struct SQLiteEventLogTests {
    @Test func appendAssignsIncreasingOffsetsAndReadsInOrder() async throws {
        let log = try SQLiteEventLog(path: TemporaryDirectory.make().appendingPathComponent("events.sqlite").path)
        let first = try await log.append(type: "a", key: "1", payload: Data("{}".utf8))
        let second = try await log.append(type: "b", key: "2", payload: Data(#"{"x":1}"#.utf8))
        #expect(second > first)
        let events = try await log.read(after: 0, limit: 10)
        #expect(events.map(\.type) == ["a", "b"])
        #expect(events[1].payload == Data(#"{"x":1}"#.utf8))
        #expect(try await log.read(after: first, limit: 10).map(\.offset) == [second])
        #expect(try await log.read(after: 0, limit: 1).count == 1)
    }

    @Test func commitsArePerGroupAndNeverMoveBackwards() async throws {
        let log = try SQLiteEventLog(path: TemporaryDirectory.make().appendingPathComponent("events.sqlite").path)
        #expect(try await log.committedOffset(group: "feed") == 0)
        try await log.commit(group: "feed", offset: 5)
        try await log.commit(group: "feed", offset: 3)
        try await log.commit(group: "transcode", offset: 1)
        #expect(try await log.committedOffset(group: "feed") == 5)
        #expect(try await log.committedOffset(group: "transcode") == 1)
    }

    @Test func twoHandlesOnOneFileSeeEachOthersWrites() async throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("nested/events.sqlite").path
        let producer = try SQLiteEventLog(path: path)
        let consumer = try SQLiteEventLog(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for index in 0..<25 {
                        _ = try await producer.append(type: "t", key: "\(writer)", payload: Data("\(index)".utf8))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await consumer.read(after: 0, limit: 1000).count == 100)
    }
}

/// Fresh directories under the system temp dir for one test.
enum TemporaryDirectory {
    static func make() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("eventlog-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
