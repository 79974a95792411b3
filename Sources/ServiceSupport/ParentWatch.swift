import CSystemShims
import Foundation

/// Lets a service started by `strangler up` die with its launcher.
public enum ParentWatch {
    /// When `STRANGLER_EXIT_WITH_PARENT=1`, asks the kernel to send SIGTERM to this process when its
    /// parent dies, even by SIGKILL, so the local stack never leaves orphans behind.
    public static func exitWithParentIfAsked(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard environment["STRANGLER_EXIT_WITH_PARENT"] == "1" else { return }
        let parent = getppid()
        _ = strangler_set_parent_death_signal(SIGTERM)
        // The parent may have died before the request took effect.
        if getppid() != parent || parent == 1 { exit(0) }
    }
}
