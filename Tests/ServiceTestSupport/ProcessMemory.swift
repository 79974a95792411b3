import Foundation

/// Memory figures of a running process from `/proc/PID/status`.
public enum ProcessMemory {
    /// Resident memory now (`VmRSS`) in bytes.
    public static func resident(pid: Int32) throws -> Int { try field("VmRSS", pid: pid) }

    /// Peak resident memory so far (`VmHWM`) in bytes.
    public static func peakResident(pid: Int32) throws -> Int { try field("VmHWM", pid: pid) }

    private static func field(_ name: String, pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("\(name):") }),
            let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        else { throw TestFailure("no \(name) for \(pid)") }
        return kilobytes * 1024
    }
}
