/// A position in the route file: 1-based line and column (columns count Unicode scalars, as libYAML does).
///
/// Marks let errors point at the offending text and let `strangler flip` rewrite one scalar in place.
public struct SourceMark: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Line number, starting at 1.
    public var line: Int
    /// Column number, starting at 1, counted in Unicode scalars.
    public var column: Int

    /// Creates a mark at `line`:`column` (both 1-based).
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}
