/// A route file that cannot be used, with the position of the offending text.
///
/// The description reads like a compiler diagnostic: `routes.yaml:12:7: unknown upstream 'fed' (known: legacy, feed)`.
public struct RouteTableError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name as the caller passed it to the parser.
    public var file: String
    /// 1-based line of the offending text.
    public var line: Int
    /// 1-based column of the offending text (Unicode scalars).
    public var column: Int
    /// What is wrong, and where possible what would be right.
    public var message: String

    /// Creates an error at `line`:`column` of `file`.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// Creates an error at `mark` of `file`.
    public init(file: String, mark: SourceMark, message: String) {
        self.init(file: file, line: mark.line, column: mark.column, message: message)
    }

    /// The position as a mark.
    public var mark: SourceMark { SourceMark(line: line, column: column) }

    /// `file:line:column: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}
