import Foundation

/// What a comparison has found so far, and where it stands: the path to the current value and the
/// differences recorded (at most `limit`; the rest are counted in `omitted`).
///
/// Paths are kept as byte ranges of keys and array indices; their text (`$.items[3].title`) is built only
/// when a difference is recorded.
struct DiffLog {
    /// One step of the path to the current value.
    enum Step {
        /// An object member whose key's raw text (between the quotes) is `start..<end` of the left (or right)
        /// document.
        case key(right: Bool, start: Int32, end: Int32)
        /// An array element.
        case index(Int)
    }

    let left: UnsafeBufferPointer<UInt8>
    let right: UnsafeBufferPointer<UInt8>
    /// Most differences kept.
    let limit: Int
    var path: [Step] = []
    var differences: [Difference] = []
    var omitted = 0

    init(left: UnsafeBufferPointer<UInt8>, right: UnsafeBufferPointer<UInt8>, limit: Int) {
        self.left = left
        self.right = right
        self.limit = limit
    }

    /// Enters `step` below the current value.
    mutating func push(_ step: Step) {
        if path.capacity == 0 { path.reserveCapacity(16) }
        path.append(step)
    }

    /// Leaves the last step entered.
    mutating func pop() {
        path.removeLast()
    }

    /// Records a difference at the current path; `legacy` and `new` are the raw texts of the two values.
    mutating func record(_ kind: Difference.Kind, legacy: Range<Int>?, new: Range<Int>?) {
        guard differences.count < limit else {
            omitted += 1
            return
        }
        differences.append(
            Difference(
                path: pathString(),
                kind: kind,
                legacyValue: legacy.map { snippet($0, of: left) },
                newValue: new.map { snippet($0, of: right) }
            )
        )
    }

    /// A value's raw JSON text, shortened to about 80 bytes.
    func snippet(_ raw: Range<Int>, of document: UnsafeBufferPointer<UInt8>) -> String {
        let cut = raw.count > 80
        let shown = raw.lowerBound..<min(raw.upperBound, raw.lowerBound + 80)
        let text = String(decoding: UnsafeBufferPointer(rebasing: document[shown]), as: UTF8.self)
        return cut ? text + "…" : text
    }

    /// The current path as text: `$`, then `.name` or `['odd name']` per key and `[3]` per index.
    func pathString() -> String {
        var result = "$"
        result.reserveCapacity(64)
        for step in path {
            switch step {
            case .index(let index):
                result.append("[")
                result.append(String(index))
                result.append("]")
            case .key(let isRight, let start, let end):
                let document = isRight ? right : left
                let name = JSONText.decode(UnsafeBufferPointer(rebasing: document[Int(start)..<Int(end)]))
                if Self.isIdentifier(name) {
                    result.append(".")
                    result.append(name)
                } else {
                    result.append("['")
                    result.append(name.replacingOccurrences(of: "'", with: "\\'"))
                    result.append("']")
                }
            }
        }
        return result
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, first &- 48 >= 10 else { return false }
        return name.utf8.allSatisfy { byte in
            byte &- 48 < 10 || (byte | 0x20) &- 97 < 26 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
