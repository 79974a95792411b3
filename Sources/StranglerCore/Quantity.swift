/// Parsing and printing of the route file's durations (`250ms`, `5s`, `2m`, `1h`) and byte sizes
/// (`65536`, `512KiB`, `64MiB`, `1GiB`).
public enum Quantity {
    /// Parses a duration: a non-negative number followed by `ms`, `s`, `m` or `h`; `nil` otherwise.
    public static func parseDuration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        for (unit, seconds) in units where text.hasSuffix(unit) {
            let number = text.dropLast(unit.count).trimmingSpaces
            guard !number.isEmpty, number.allSatisfy({ $0.isASCIIDigit || $0 == "." }),
                let value = Double(number), value.isFinite
            else { continue }
            let nanoseconds = (value * seconds * 1e9).rounded()
            guard nanoseconds < 9e18 else { return nil }
            return .nanoseconds(Int64(nanoseconds))
        }
        return nil
    }

    /// Parses a byte size: a whole number optionally followed by `B`, `KiB`, `MiB`, `GiB` or `TiB`; `nil` otherwise.
    public static func parseSize(_ text: String) -> Int? {
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40), ("B", 1)]
        var number = Substring(text.replacingUnderscores)
        var multiplier = 1
        for (unit, bytes) in units where number.hasSuffix(unit) {
            number = number.dropLast(unit.count).trimmingSpaces
            multiplier = bytes
            break
        }
        guard !number.isEmpty, number.allSatisfy(\.isASCIIDigit), let value = Int(number) else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }

    /// A duration the way the route file writes it: `250ms`, `5s`, `2m`, `1h`, `1.5s`.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        guard milliseconds >= 1000 else { return "\(milliseconds.compact)ms" }
        guard attoseconds == 0 else { return "\((milliseconds / 1000).compact)s" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    /// A size the way the route file writes it: the largest binary unit that divides it, else plain bytes.
    public static func format(bytes: Int) -> String {
        for (unit, size) in [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(unit)"
        }
        return "\(bytes)"
    }
}
