import Foundation

/// Reads the dashboard's DOM as Chromium dumped it: elements found by id, `data-feature`, `data-field` and
/// `data-chart`. Enough for a page whose elements of interest never nest in their own kind.
struct DashboardDOM {
    /// One element: its opening tag and what lies up to its closing tag.
    struct Element {
        let tag: String
        let inner: String

        /// An attribute of the opening tag, unescaped for `&amp;` and `&quot;`.
        func attribute(_ name: String) -> String? {
            guard let range = self.tag.range(of: " \(name)=\"") else { return nil }
            let rest = self.tag[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            return String(rest[..<end]).replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&amp;", with: "&")
        }

        func contains(_ text: String) -> Bool { self.tag.contains(text) || self.inner.contains(text) }

        /// The `data-value` of the `data-field="name"` element inside.
        func field(_ name: String) -> String? {
            DashboardDOM.find(in: self.inner, marker: "data-field=\"\(name)\"")?.attribute("data-value")
        }

        /// The text of the `data-field="name"` element inside, up to its first child tag.
        func fieldText(_ name: String) -> String? {
            DashboardDOM.find(in: self.inner, marker: "data-field=\"\(name)\"").map {
                String($0.inner.prefix { $0 != "<" })
            }
        }

        /// The `<svg data-chart="kind">` inside.
        func chart(_ kind: String) -> Element? {
            DashboardDOM.find(in: self.inner, marker: "data-chart=\"\(kind)\"")
        }
    }

    let text: String
    let body: Element

    init(_ text: String) throws {
        self.text = text
        guard let body = Self.find(in: text, marker: "<body") else {
            throw TestFailure("chromium dumped no <body>: \(text.prefix(400))")
        }
        self.body = body
    }

    func element(id: String) -> Element? { Self.find(in: self.text, marker: "id=\"\(id)\"") }

    /// The card of feature `name`.
    func card(_ name: String) -> Element? { Self.find(in: self.text, marker: "data-feature=\"\(name)\"") }

    /// The element whose opening tag holds `marker`, up to the first closing tag of its name.
    static func find(in text: String, marker: String) -> Element? {
        guard let hit = text.range(of: marker) else { return nil }
        let start = marker.hasPrefix("<") ? hit.lowerBound : text[..<hit.lowerBound].lastIndex(of: "<")
        guard let start, let tagEnd = text[hit.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = String(text[start...tagEnd])
        let name = tag.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "-" }
        let after = text.index(after: tagEnd)
        let close = text[after...].range(of: "</\(name)>")?.lowerBound ?? text.endIndex
        return Element(tag: tag, inner: String(text[after..<close]))
    }
}
