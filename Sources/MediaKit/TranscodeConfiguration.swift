import Foundation

/// How ``Transcoder`` works.
public struct TranscodeConfiguration: Sendable, Hashable {
    /// Whole file on one thread, or chunks on several.
    public enum Mode: String, Sendable, Hashable {
        /// Split at keyframes into chunks, transcode them in parallel, join them.
        case chunked
        /// One worker, no chunks: the whole file decoded and encoded in one pass ("the old way").
        case sequential
    }

    /// Chunked (default) or sequential.
    public var mode: Mode
    /// The renditions to produce. Default 360p and 720p.
    public var renditions: [Rendition]
    /// Target chunk length in seconds (chunks start at keyframes, so they vary). Default 10.
    public var chunkDuration: Double
    /// Chunks transcoded at once. Default: the number of cores.
    public var workers: Int
    /// libx264 settings.
    public var encoder: EncoderSettings

    /// Creates a configuration; every argument has a default.
    public init(
        mode: Mode = .chunked,
        renditions: [Rendition] = [.p360, .p720],
        chunkDuration: Double = 10,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        encoder: EncoderSettings = EncoderSettings()
    ) {
        self.mode = mode
        self.renditions = renditions
        self.chunkDuration = chunkDuration
        self.workers = workers
        self.encoder = encoder
    }
}

/// How far a transcode has come.
public struct TranscodeProgress: Sendable, Equatable {
    /// What the transcoder is doing.
    public enum Phase: String, Sendable {
        case probing, encoding, joining, done
    }

    /// Current phase.
    public var phase: Phase
    /// 0…1 over the whole job.
    public var fraction: Double
    /// Source frames encoded so far (each counted once, whatever the number of renditions).
    public var framesEncoded: Int
    /// Source frames in total.
    public var totalFrames: Int
    /// Chunks finished (including ones reused from an interrupted run).
    public var chunksDone: Int
    /// Chunks in total (1 in sequential mode).
    public var chunkCount: Int
}

/// One finished output file.
public struct RenditionOutput: Sendable, Equatable {
    /// Rendition name, e.g. `360p`.
    public let name: String
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// File size in bytes.
    public let bytes: Int64
    /// Where the file is.
    public let path: String
    /// Video frames written.
    public let frameCount: Int
}

/// What a finished transcode produced and how long it took.
public struct TranscodeReport: Sendable {
    /// The source as probed.
    public let source: MediaInfo
    /// One output per rendition produced, smallest first.
    public let outputs: [RenditionOutput]
    /// The mode used.
    public let mode: TranscodeConfiguration.Mode
    /// Number of chunks (1 in sequential mode).
    public let chunkCount: Int
    /// Chunks reused from an interrupted earlier run.
    public let chunksReused: Int
    /// Worker threads used.
    public let workers: Int
    /// Frames repeated because the decoder did not produce them (0 for a healthy source).
    public let filledFrames: Int
    /// Seconds spent probing.
    public let probeSeconds: Double
    /// Seconds spent decoding and encoding.
    public let encodeSeconds: Double
    /// Seconds spent joining chunks (0 in sequential mode).
    public let joinSeconds: Double
    /// Total wall-clock seconds.
    public let totalSeconds: Double
}
