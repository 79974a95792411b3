import Foundation
import GRDB
import Logging
import VideoContract

/// Copies the monolith's history into the feed (read-only): users, the follow graph, every video
/// with its renditions; then, every `interval`, what changed since: new videos (by id), videos
/// touched by new or unfinished legacy transcode jobs, and the follow graph when it changed.
///
/// Progress (largest legacy video id and job id seen) is stored with the feed, so a restart
/// resumes the tail instead of copying everything again.
struct LegacyBackfill: Sendable {
    let legacy: LegacyDatabase
    let store: FeedStore
    let model: FeedReadModel
    let interval: Duration?
    let logger: Logger

    /// Where the tail is.
    private struct Progress {
        var lastVideoID: Int64 = 0
        var lastJobID: Int64 = 0
        var openJobs: Set<Int64> = []
        var followsChecksum: [Int64] = []
    }

    /// Runs the first pass now; `tail()` keeps going afterwards.
    func initial() async throws {
        var progress = try await storedProgress()
        try await step(&progress)
    }

    /// The progress saved by the last pass (follows are re-read once, which is harmless).
    private func storedProgress() async throws -> Progress {
        var progress = Progress()
        progress.lastVideoID = try await store.setting("legacy_last_video_id") ?? 0
        progress.lastJobID = try await store.setting("legacy_last_job_id") ?? 0
        return progress
    }

    /// Repeats the incremental pass every `interval` until the task is cancelled.
    func tail() async {
        guard let interval else { return }
        var progress = Progress()
        while !Task.isCancelled {
            do {
                if progress.lastVideoID == 0 { progress = try await storedProgress() }
                try await Task.sleep(for: interval)
                try await step(&progress)
            } catch is CancellationError {
                return
            } catch {
                logger.warning("legacy backfill pass failed, retrying: \(error)")
            }
        }
    }

    /// One pass: new videos, refreshed videos, users and follows; saved, then shown.
    private func step(_ progress: inout Progress) async throws {
        let before = progress
        let (videos, users, follows, checksum, jobs) = try await legacy.reader.read { db in
            var videos = try LegacyDatabase.fetchVideos(
                db,
                "WHERE id > ? ORDER BY id",
                arguments: [before.lastVideoID]
            )
            let jobRows = try Row.fetchAll(
                db,
                sql:
                    "SELECT id, video_id, status FROM transcode_jobs WHERE id > ? OR status IN ('queued', 'running') OR id IN (\(Self.list(before.openJobs)))",
                arguments: [before.lastJobID]
            )
            let touched = Set(jobRows.map { $0["video_id"] as Int64 }).filter { $0 <= before.lastVideoID }
            if !touched.isEmpty {
                videos += try LegacyDatabase.fetchVideos(db, "WHERE id IN (\(Self.list(touched)))", arguments: [])
            }
            let checksum =
                try Row.fetchOne(
                    db,
                    sql: "SELECT COUNT(*), COALESCE(SUM(follower_id * 1000003 + followee_id), 0) FROM follows"
                ).map { [$0[0] as Int64, $0[1] as Int64] } ?? []
            var follows: [(follower: Int64, followee: Int64)]?
            if checksum != before.followsChecksum {
                follows = try Row.fetchAll(db, sql: "SELECT follower_id, followee_id FROM follows").map {
                    (follower: $0[0] as Int64, followee: $0[1] as Int64)
                }
            }
            let users = try Int64.fetchAll(db, sql: "SELECT id FROM users")
            let jobs = jobRows.map {
                (id: $0["id"] as Int64, open: ["queued", "running"].contains($0["status"] as String))
            }
            return (videos, users, follows, checksum, jobs)
        }
        let entries = try videos.map(FeedVideo.init)
        progress.lastVideoID = max(before.lastVideoID, videos.map(\.id).max() ?? 0)
        progress.lastJobID = max(before.lastJobID, jobs.map(\.id).max() ?? 0)
        progress.openJobs = Set(jobs.filter(\.open).map(\.id))
        progress.followsChecksum = checksum
        try await store.save(
            videos: entries,
            users: users,
            follows: follows,
            settings: ["legacy_last_video_id": progress.lastVideoID, "legacy_last_job_id": progress.lastJobID]
        )
        model.upsert(entries)
        model.addUsers(users)
        if let follows { model.replaceFollows(follows) }
        if !entries.isEmpty { logger.debug("backfilled \(entries.count) legacy videos") }
    }

    private static func list(_ ids: some Collection<Int64>) -> String {
        ids.isEmpty ? "NULL" : ids.map(String.init).joined(separator: ",")
    }
}
