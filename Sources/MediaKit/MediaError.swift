import CFFmpeg

/// Why a media operation failed, with a message a person can act on.
///
/// Errors from FFmpeg keep FFmpeg's own message (`av_strerror`) and its numeric code.
public struct MediaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code as a snake_case word.
        public let rawValue: String

        /// The input file does not exist or cannot be opened.
        public static let fileNotFound = Code(rawValue: "file_not_found")
        /// The input file has zero bytes.
        public static let emptyFile = Code(rawValue: "empty_file")
        /// The input is not a media file FFmpeg can read.
        public static let notAVideo = Code(rawValue: "not_a_video")
        /// The input is media but has no video stream (for example audio only).
        public static let noVideoStream = Code(rawValue: "no_video_stream")
        /// The input ends before its own index says it should.
        public static let truncated = Code(rawValue: "truncated")
        /// The input uses a codec or layout this build cannot handle.
        public static let unsupported = Code(rawValue: "unsupported")
        /// An argument (rendition, chunk length, preset) is invalid.
        public static let invalidArgument = Code(rawValue: "invalid_argument")
        /// The operation was cancelled.
        public static let cancelled = Code(rawValue: "cancelled")
        /// FFmpeg reported an error while processing a valid input.
        public static let ffmpeg = Code(rawValue: "ffmpeg")
        /// Reading or writing a file of our own failed.
        public static let io = Code(rawValue: "io")

        /// The code as text.
        public var description: String { rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// A sentence for a person.
    public let message: String
    /// The libav error code, when the failure came from FFmpeg.
    public let averror: Int32?

    /// Creates an error.
    public init(_ code: Code, _ message: String, averror: Int32? = nil) {
        self.code = code
        self.message = message
        self.averror = averror
    }

    /// The message.
    public var description: String { message }

    /// An error for a failed libav call: `what` failed, followed by FFmpeg's message.
    static func ffmpeg(_ result: Int32, _ what: String, code: Code = .ffmpeg) -> MediaError {
        MediaError(code, "\(what): \(FFmpegMessage.text(result)) (FFmpeg error \(result))", averror: result)
    }

    static let cancelled = MediaError(.cancelled, "The transcode was cancelled.")
}

/// FFmpeg's text for its error codes.
enum FFmpegMessage {
    /// `av_strerror` for `code`.
    static func text(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        if av_strerror(code, &buffer, buffer.count) < 0 {
            return "unknown error"
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Throws a ``MediaError`` when a libav call returned a negative code; returns the result otherwise.
@discardableResult
func avCheck(_ result: Int32, _ what: @autoclosure () -> String) throws -> Int32 {
    if result < 0 { throw MediaError.ffmpeg(result, what()) }
    return result
}

/// Libav's special return codes.
enum AVCode {
    static let again = cff_averror_eagain()
    static let endOfFile = cff_averror_eof()
    static let invalidData = cff_averror_invalid_data()
    static let noTimestamp = cff_nopts_value()
}
