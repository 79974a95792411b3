/// A line diff of two texts, for the audit log and `strangler flip --dry-run`.
public enum LineDiff {
    /// The changed lines: `-12: old` for a removed line of `old`, `+12: new` for an added line of `new`,
    /// numbered in their own file; empty when the texts are equal.
    public static func render(old: String, new: String) -> String {
        let oldLines = old.split(separator: "\n", omittingEmptySubsequences: false)
        let newLines = new.split(separator: "\n", omittingEmptySubsequences: false)
        var removed: [(Int, Substring)] = []
        var inserted: [(Int, Substring)] = []
        for change in newLines.difference(from: oldLines) {
            switch change {
            case .remove(let offset, let line, _): removed.append((offset, line))
            case .insert(let offset, let line, _): inserted.append((offset, line))
            }
        }
        var out: [String] = []
        var r = removed.sorted { $0.0 < $1.0 }[...]
        var i = inserted.sorted { $0.0 < $1.0 }[...]
        while !r.isEmpty || !i.isEmpty {
            if let next = r.first, i.first.map({ next.0 <= $0.0 }) ?? true {
                out.append("-\(next.0 + 1): \(next.1)")
                r = r.dropFirst()
            } else if let next = i.first {
                out.append("+\(next.0 + 1): \(next.1)")
                i = i.dropFirst()
            }
        }
        return out.joined(separator: "\n")
    }
}
