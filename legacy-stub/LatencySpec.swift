import ArgumentParser
import Foundation

/// Extra delay per request: a fixed number of milliseconds (`"40"`) or a uniform range (`"20-80"`).
struct LatencySpec: Sendable, Equatable, ExpressibleByArgument, CustomStringConvertible {
    /// Shortest delay in milliseconds.
    let minMilliseconds: Int
    /// Longest delay in milliseconds.
    let maxMilliseconds: Int

    /// No delay.
    static let none = LatencySpec(minMilliseconds: 0, maxMilliseconds: 0)

    init(minMilliseconds: Int, maxMilliseconds: Int) {
        self.minMilliseconds = minMilliseconds
        self.maxMilliseconds = maxMilliseconds
    }

    /// Parses `"N"` or `"A-B"` (non-negative integers, A <= B).
    init?(argument: String) {
        let parts = argument.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        switch parts.count {
        case 1:
            guard let value = Int(parts[0]), value >= 0 else { return nil }
            self.init(minMilliseconds: value, maxMilliseconds: value)
        case 2:
            guard let low = Int(parts[0]), let high = Int(parts[1]), low >= 0, low <= high else { return nil }
            self.init(minMilliseconds: low, maxMilliseconds: high)
        default:
            return nil
        }
    }

    var description: String {
        minMilliseconds == maxMilliseconds ? "\(minMilliseconds)" : "\(minMilliseconds)-\(maxMilliseconds)"
    }

    /// One delay drawn from the range.
    func sample() -> Duration {
        .milliseconds(Int.random(in: minMilliseconds...maxMilliseconds))
    }
}
