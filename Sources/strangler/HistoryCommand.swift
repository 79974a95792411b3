import ArgumentParser
import Foundation
import StranglerAudit
import StranglerCore

/// `strangler history`: the audit log of route table changes.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List every accepted change of the route table: flips, hand edits, guard rollbacks, reverts.",
        discussion: """
            Reads the audit log in the state directory (<state>/audit.sqlite), newest first. REV is what \
            `strangler revert --to REV` takes.
            """
    )

    @Argument(help: "Only changes of this feature.")
    var feature: String?

    @Option(help: "How many entries at most.")
    var limit = 50

    @Flag(help: "Show each change's route file diff.")
    var diff = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let path = StatePaths.audit(in: self.common.state)
        guard FileManager.default.fileExists(atPath: path) else {
            print("no history yet: \(path) does not exist (start the proxy or flip a feature first)")
            return
        }
        let entries = try AuditLog(path: path).entries(feature: self.feature, limit: self.limit)
        if entries.isEmpty {
            print(self.feature.map { "no changes of feature '\($0)'" } ?? "no changes recorded")
            return
        }
        let formatter = ISO8601DateFormatter()
        print("REV   TIME                  TRIGGER        ACTOR        CHANGE")
        for entry in entries {
            let changes =
                entry.changes.isEmpty
                ? "(route file edited)"
                : entry.changes.map { "\($0.feature): \($0.from) → \($0.to)" }.joined(separator: "; ")
            let line = [
                "r\(entry.id)".padding(5), formatter.string(from: entry.at).padding(21), entry.trigger.padding(14),
                entry.actor.padding(12), changes + (entry.reason.map { "  — \($0)" } ?? ""),
            ]
            print(line.joined(separator: " "))
            if self.diff, !entry.diff.isEmpty {
                print(entry.diff.split(separator: "\n").map { "      \($0)" }.joined(separator: "\n"))
            }
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        self.count >= width ? self : self + String(repeating: " ", count: width - self.count)
    }
}
