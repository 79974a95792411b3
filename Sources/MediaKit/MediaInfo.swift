/// A rational number, as FFmpeg uses for time bases and frame rates.
public struct Rational: Sendable, Hashable, CustomStringConvertible {
    /// Numerator.
    public let numerator: Int32
    /// Denominator.
    public let denominator: Int32

    /// Creates `numerator/denominator`.
    public init(_ numerator: Int32, _ denominator: Int32) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The value as a Double (0 when the denominator is 0).
    public var value: Double { denominator == 0 ? 0 : Double(numerator) / Double(denominator) }

    /// `num/den`.
    public var description: String { "\(numerator)/\(denominator)" }
}

/// What ``Probe`` finds in a media file.
public struct MediaInfo: Sendable, Equatable {
    /// The container format (FFmpeg's short name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`).
    public let formatName: String
    /// The container's duration in seconds.
    public let duration: Double
    /// Every stream, in file order.
    public let streams: [StreamInfo]
    /// The first video stream.
    public let video: VideoInfo
    /// The first audio stream, if any.
    public let audio: StreamInfo?
}

/// One stream of a media file.
public struct StreamInfo: Sendable, Equatable {
    /// What a stream carries.
    public enum Kind: String, Sendable {
        case video, audio, subtitle, data, other
    }

    /// Index of the stream in the file.
    public let index: Int
    /// Video, audio, subtitles…
    public let kind: Kind
    /// FFmpeg's codec name (`h264`, `aac`…).
    public let codec: String
}

/// The video stream, with the keyframe positions chunking needs.
public struct VideoInfo: Sendable, Equatable {
    /// Index of the stream in the file.
    public let streamIndex: Int
    /// FFmpeg's codec name.
    public let codec: String
    /// Coded width in pixels.
    public let width: Int
    /// Coded height in pixels.
    public let height: Int
    /// Width as displayed (after the sample aspect ratio).
    public let displayWidth: Int
    /// Average frame rate.
    public let frameRate: Rational
    /// Time base of the stream's timestamps.
    public let timeBase: Rational
    /// Number of frames (one per packet).
    public let frameCount: Int
    /// Presentation time of the first frame, in seconds.
    public let startTime: Double
    /// From the first frame's start to the last frame's end, in seconds.
    public let duration: Double
    /// Every keyframe, in presentation order.
    public let keyframes: [Keyframe]
}

/// A frame a decoder can start from.
public struct Keyframe: Sendable, Equatable {
    /// The frame's position in presentation order (0 = first frame).
    public let frameIndex: Int
    /// Presentation time in seconds from the first frame.
    public let time: Double
    /// Whether it is an IDR frame (closed GOP: nothing after it refers to anything before it).
    public let isIDR: Bool
}
