import Foundation
import VideoContract

/// The renditions the stub can produce, with their nominal sizes.
struct RenditionSpec: Sendable, Equatable {
    let name: String
    let width: Int
    let height: Int

    /// Every known rendition, smallest first.
    static let all = [
        RenditionSpec(name: "360p", width: 640, height: 360),
        RenditionSpec(name: "720p", width: 1280, height: 720),
    ]

    /// The rendition called `name`, if known.
    static func named(_ name: String) -> RenditionSpec? {
        all.first { $0.name == name }
    }
}
