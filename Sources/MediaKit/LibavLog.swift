import CFFmpeg
import Foundation

/// Keeps libav's own logging quiet: failures reach callers as ``MediaError``s instead.
///
/// Set `STRANGLER_AV_LOG` to a libav level name (`error`, `warning`, `info`, `debug`) to see it.
enum LibavLog {
    private static let levels: [String: Int32] = [
        "quiet": AV_LOG_QUIET, "fatal": AV_LOG_FATAL, "error": AV_LOG_ERROR, "warning": AV_LOG_WARNING,
        "info": AV_LOG_INFO, "verbose": AV_LOG_VERBOSE, "debug": AV_LOG_DEBUG,
    ]

    /// Applies the level once per process.
    static let configured: Void = {
        let name = ProcessInfo.processInfo.environment["STRANGLER_AV_LOG"] ?? "fatal"
        av_log_set_level(levels[name.lowercased()] ?? AV_LOG_FATAL)
    }()
}
