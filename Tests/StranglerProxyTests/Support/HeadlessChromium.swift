import Foundation

/// Runs Debian's `chromium` headless against a page: its DOM after scripts ran, or a screenshot.
struct HeadlessChromium {
    let executable: URL
    /// A profile folder of its own, so runs never share (or lock) one.
    let profile: URL

    /// Finds `chromium` on the `PATH`; fails with what to install when it is missing.
    static func find(profileIn directory: URL) throws -> HeadlessChromium {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":").map(String.init) + ["/usr/bin"] {
            for name in ["chromium", "chromium-browser"] {
                let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) {
                    return HeadlessChromium(
                        executable: candidate,
                        profile: directory.appendingPathComponent("chromium-profile")
                    )
                }
            }
        }
        throw TestFailure(
            "the dashboard test needs headless Chromium, and no `chromium` is on the PATH: run scripts/setup "
                + "(or `apt-get install -y chromium fonts-liberation`) and test again"
        )
    }

    /// The DOM after `budgetMs` of virtual time (scripts, timers and fetches ran).
    func dumpDOM(_ url: String, budgetMs: Int = 5000) throws -> String {
        let output = try self.run(["--virtual-time-budget=\(budgetMs)", "--dump-dom", url])
        return String(decoding: output, as: UTF8.self)
    }

    /// Saves a PNG of the page at `size` after `budgetMs` of virtual time.
    func screenshot(_ url: String, to file: URL, size: (Int, Int) = (1280, 1000), budgetMs: Int = 5000) throws {
        try? FileManager.default.removeItem(at: file)
        _ = try self.run([
            "--virtual-time-budget=\(budgetMs)", "--hide-scrollbars", "--screenshot=\(file.path)",
            "--window-size=\(size.0),\(size.1)", url,
        ])
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw TestFailure("chromium wrote no screenshot at \(file.path)")
        }
    }

    private func run(_ arguments: [String], timeout: TimeInterval = 90) throws -> Data {
        let process = Process()
        process.executableURL = self.executable
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--user-data-dir=\(self.profile.path)",
            ] + arguments
        let stdout = Pipe()
        let stderr = self.profile.deletingLastPathComponent().appendingPathComponent("chromium.log")
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        // A watchdog ends a hung browser; its end closes the pipe, which ends the read below.
        let timedOut = LockedFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
            if process.isRunning {
                timedOut.set()
                process.terminate()
            }
        }
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if timedOut.value { throw TestFailure("chromium did not finish within \(Int(timeout)) s") }
        guard process.terminationStatus == 0 else {
            let log = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
            throw TestFailure("chromium exited with \(process.terminationStatus): \(log.suffix(2000))")
        }
        return data
    }
}
