import Yams

/// Turns Yams errors into `RouteTableError`s with a 1-based line and column.
struct YAMLErrorTranslator {
    let file: String
    let yaml: String

    func translate(_ error: YamlError) -> RouteTableError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            if let context,
                let unclosed = unclosedFlowCollection(context: context.text, opened: context.mark, gaveUp: mark)
            {
                return unclosed
            }
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return RouteTableError(file: file, line: mark.line, column: mark.column, message: message)
        case .reader(let problem, let offset, _, _):
            let mark = offset.map(position(ofCharacterOffset:)) ?? SourceMark(line: 1, column: 1)
            return RouteTableError(file: file, mark: mark, message: "unreadable route file: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let first = SourceMark(line: context.mark.line, column: context.mark.column)
            let second = secondOccurrence(of: key, after: first) ?? first
            return RouteTableError(
                file: file,
                mark: second,
                message:
                    "duplicate key '\(key)' in the same mapping (first at line \(first.line)); each key may appear once"
            )
        default:
            return RouteTableError(file: file, line: 1, column: 1, message: "invalid YAML: \(error)")
        }
    }

    /// A `[...]` or `{...}` left open: libYAML reads on and reports where it gave up, often many lines
    /// later. Route files write flow collections on one line, so point at the end of the line that opened it,
    /// where the closing bracket is missing.
    func unclosedFlowCollection(context: String, opened: Mark, gaveUp: Mark) -> RouteTableError? {
        let (kind, closer): (String, String)
        switch context {
        case "while parsing a flow sequence": (kind, closer) = ("list", "]")
        case "while parsing a flow mapping": (kind, closer) = ("mapping", "}")
        default: return nil
        }
        guard gaveUp.line > opened.line else { return nil }
        let lines = yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard opened.line - 1 < lines.count else { return nil }
        let text = lines[opened.line - 1]
        let end = text.unicodeScalars.count - text.reversed().prefix { $0 == " " || $0 == "\t" }.count
        return RouteTableError(
            file: file,
            line: opened.line,
            column: end + 1,
            message: "invalid YAML: the flow \(kind) opened at column \(opened.column) is not closed: "
                + "'\(closer)' expected at the end of this line"
        )
    }

    /// Line and column of the character at `offset`.
    func position(ofCharacterOffset offset: Int) -> SourceMark {
        var line = 1
        var column = 1
        for character in yaml.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return SourceMark(line: line, column: column)
    }

    /// Where `key` is written again after its first occurrence at `first`. Yams reports only the first
    /// occurrence; users need to see the later one, which is the one to delete or rename.
    func secondOccurrence(of key: String, after first: SourceMark) -> SourceMark? {
        let lines = yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { Array($0.unicodeScalars) }
        let spellings = [key, "\"\(key)\"", "'\(key)'"].map { Array($0.unicodeScalars) }

        func keyLength(_ line: [Unicode.Scalar], at column: Int) -> Int? {
            for spelling in spellings where line.count >= column + spelling.count {
                guard Array(line[column..<column + spelling.count]) == spelling else { continue }
                var end = column + spelling.count
                while end < line.count, line[end] == " " { end += 1 }
                if end < line.count, line[end] == ":" { return spelling.count }
            }
            return nil
        }

        let startLine = first.line - 1
        guard startLine < lines.count else { return nil }
        // Block style: the same key at the same column of a later line, with only indentation or '- ' before it.
        let column = first.column - 1
        for index in startLine + 1..<lines.count {
            let line = lines[index]
            guard line.count > column, line[..<column].allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            if keyLength(line, at: column) != nil { return SourceMark(line: index + 1, column: first.column) }
        }
        // Flow style: the key after a '{', ',' or space, later on the same or a following line.
        for index in startLine..<lines.count {
            let line = lines[index]
            let from = index == startLine ? column + 1 : 0
            guard from < line.count else { continue }
            for start in from..<line.count where start == 0 || "{, ".unicodeScalars.contains(line[start - 1]) {
                if keyLength(line, at: start) != nil { return SourceMark(line: index + 1, column: start + 1) }
            }
        }
        return nil
    }
}
