// The HTTP client, `login`, `sha256Hex`, `multipartBody` and `eventually` are shared with the
// service test targets; re-exported so every file of this target sees them.
import ServiceTestSupport

/// `count` pseudo-random bytes (seeded, so failures reproduce), with many `\r\n--` look-alikes.
///
/// Deliberately not ``ServiceTestSupport/sampleVideo(_:seed:)``: the look-alikes exercise the stub's multipart framing.
func sampleVideo(_ count: Int, seed: UInt64 = 42) -> [UInt8] {
    var state = seed
    return (0..<count).map { index in
        if index % 997 == 0 { return UInt8(ascii: "\r") }
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 33)
    }
}

/// The ids of the seeded videos in the feed of `userID`, newest first (40 videos, video i by user (i-1)%5+1).
func seededFeedIDs(of userID: Int) -> [Int] {
    let follows: [Int: Set<Int>] = [1: [2, 3], 2: [1, 3], 3: [1, 4], 4: [1, 5], 5: [1, 2]]
    let authors = follows[userID, default: []].union([userID])
    return (1...40).reversed().filter { authors.contains(($0 - 1) % 5 + 1) }
}
