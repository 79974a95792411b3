/// Edits a feature's `mode` and `percent` in the route file text in place, keeping every comment, the
/// layout and all other bytes as they were. The file stays the one source of truth for the table.
public enum RouteFileEditor {
    /// A change to one feature's mode (and, optionally, its canary percent).
    public struct Flip: Sendable, Equatable {
        public var feature: String
        public var mode: Mode
        /// The new percent, or `nil` to keep the current one.
        public var percent: Int?

        public init(feature: String, mode: Mode, percent: Int? = nil) {
            self.feature = feature
            self.mode = mode
            self.percent = percent
        }
    }

    /// Why an edit was refused.
    public struct EditError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Applies `flip` to the route file `text` and returns the new text and the table it parses to.
    ///
    /// - Throws: ``RouteTableError`` when `text` itself does not validate; ``EditError`` for an unknown
    ///   feature or a percent outside 0–100.
    public static func apply(_ flip: Flip, to text: String, file: String) throws -> (text: String, table: RouteTable) {
        let table = try RouteTableParser.parse(text, file: file)
        guard let index = table.features.firstIndex(where: { $0.name == flip.feature }) else {
            let known = table.features.map(\.name).joined(separator: ", ")
            throw EditError(description: "no feature named '\(flip.feature)' in \(file) (features: \(known))")
        }
        if let percent = flip.percent, !(0...100).contains(percent) {
            throw EditError(description: "percent must be between 0 and 100, not \(percent)")
        }
        let feature = table.features[index]
        guard let modeMark = feature.modeMark else {
            throw EditError(description: "\(file): feature '\(feature.name)' has no mode to edit")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let newPercent = flip.percent ?? feature.percent
        // Edit later positions first so earlier marks stay valid.
        var edits: [(SourceMark, String)] = [(modeMark, flip.mode.rawValue)]
        if let percentMark = feature.percentMark {
            if newPercent != feature.percent { edits.append((percentMark, String(newPercent))) }
        }
        for (mark, value) in edits.sorted(by: { ($0.0.line, $0.0.column) > ($1.0.line, $1.0.column) }) {
            try Self.replaceScalar(at: mark, with: value, in: &lines, file: file)
        }
        if feature.percentMark == nil && newPercent != feature.percent {
            Self.insertPercent(newPercent, after: modeMark, in: &lines)
        }
        let newText = lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
        let newTable = try RouteTableParser.parse(newText, file: file)
        var expected = table
        expected.features[index].mode = flip.mode
        expected.features[index].percent = newPercent
        guard newTable == expected else {
            throw EditError(
                description: "\(file): could not edit feature '\(feature.name)' in place; edit the file by hand"
            )
        }
        return (newText, newTable)
    }

    /// Replaces the plain or quoted scalar starting at `mark`.
    private static func replaceScalar(
        at mark: SourceMark,
        with value: String,
        in lines: inout [[Unicode.Scalar]],
        file: String
    ) throws {
        guard mark.line >= 1, mark.line <= lines.count, mark.column >= 1, mark.column <= lines[mark.line - 1].count
        else {
            throw EditError(description: "\(file):\(mark): no value at this position")
        }
        let line = lines[mark.line - 1]
        let start = mark.column - 1
        var end = start
        if line[start] == "\"" || line[start] == "'" {
            let quote = line[start]
            end = start + 1
            while end < line.count && line[end] != quote { end += 1 }
            end = min(end + 1, line.count)
        } else {
            while end < line.count && !" \t,}]#".unicodeScalars.contains(line[end]) { end += 1 }
        }
        lines[mark.line - 1].replaceSubrange(start..<end, with: value.unicodeScalars)
    }

    /// Adds `percent: N` next to the mode: as a new line in a block mapping, or `, percent: N` in a
    /// flow mapping.
    private static func insertPercent(_ percent: Int, after modeMark: SourceMark, in lines: inout [[Unicode.Scalar]]) {
        let line = lines[modeMark.line - 1]
        var end = modeMark.column - 1
        while end < line.count && !" \t,}]#".unicodeScalars.contains(line[end]) { end += 1 }
        let rest = line[end...].drop { $0 == " " || $0 == "\t" }
        if let next = rest.first, next == "," || next == "}" {
            lines[modeMark.line - 1].insert(contentsOf: ", percent: \(percent)".unicodeScalars, at: end)
            return
        }
        let indent = line.prefix { $0 == " " || $0 == "-" }.map { $0 == "-" ? " " : $0 }
        lines.insert(indent + "percent: \(percent)".unicodeScalars, at: modeMark.line)
    }
}
