import Foundation

/// Number formats shared by the text and HTML reports.
enum Format {
    /// `3.2%`, one decimal.
    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value) }

    /// `1.8x`, one decimal (two below 1.0).
    static func ratio(_ value: Double) -> String { String(format: value < 1 ? "%.2fx" : "%.1fx", value) }

    /// Milliseconds with a precision that suits the size: `0.084`, `3.21`, `45.2`, `1203`.
    static func ms(_ value: Double) -> String {
        switch value {
        case ..<1: String(format: "%.3f", value)
        case ..<10: String(format: "%.2f", value)
        case ..<100: String(format: "%.1f", value)
        default: String(format: "%.0f", value)
        }
    }

    /// ISO 8601 in UTC, seconds precision.
    static func date(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
