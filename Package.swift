// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "strangler",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "strangler", targets: ["strangler"]),
        .executable(name: "legacy-stub", targets: ["LegacyStub"]),
        .library(name: "StranglerCore", targets: ["StranglerCore"]),
        .library(name: "StranglerProxy", targets: ["StranglerProxy"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "MediaKit", targets: ["MediaKit"]),
        .library(name: "TranscodeService", targets: ["TranscodeService"]),
        .executable(name: "transcode-service", targets: ["TranscodeServiceMain"]),
        .library(name: "UploadService", targets: ["UploadService"]),
        .executable(name: "upload-service", targets: ["UploadServiceMain"]),
        .library(name: "FeedService", targets: ["FeedService"]),
        .executable(name: "feed-service", targets: ["FeedServiceMain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        // Pure core: route table model, YAML parsing and validation, matching. No sockets, no files.
        .target(
            name: "StranglerCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // Audit log of route table changes (SQLite).
        .target(
            name: "StranglerAudit",
            dependencies: ["StranglerCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // Data plane: listener, forwarder, upstream pools, hot reload, admin API.
        .target(
            name: "StranglerProxy",
            dependencies: [
                "CSystemShims",
                "StranglerCore",
                "StranglerAudit",
                "StranglerShadow",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // C shims for system calls Swift cannot import.
        .target(name: "CSystemShims"),
        // What the legacy stub and the new services share: JSON error contract, request ids, tokens.
        .target(
            name: "ServiceSupport",
            dependencies: [
                "CSystemShims",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The stand-in monolith.
        .executableTarget(
            name: "LegacyStub",
            dependencies: [
                "MediaKit",
                "ServiceSupport",
                "VideoContract",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "legacy-stub",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // FFmpeg 5.1's libraries (avformat, avcodec, swscale, swresample, avutil) with a shim for macros.
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswscale-dev", "libswresample-dev"])]
        ),
        // Media: probe, chunk planning, chunked/sequential transcode, join. Blocking work on its own threads.
        .target(
            name: "MediaKit",
            dependencies: ["CFFmpeg"],
            swiftSettings: swiftSettings
        ),
        // New transcode service: jobs in SQLite, chunked parallel transcodes, video.uploaded consumer.
        .target(
            name: "TranscodeService",
            dependencies: [
                "EventLog",
                "MediaKit",
                "ServiceSupport",
                "VideoContract",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "TranscodeServiceMain",
            dependencies: [
                "TranscodeService",
                "MediaKit",
                "ServiceSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/transcode-service",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TranscodeServiceTests",
            dependencies: [
                "EventLog", "VideoContract", "ServiceTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MediaKitTests",
            dependencies: ["MediaKit"],
            swiftSettings: swiftSettings
        ),
        // Append-only event log with consumer groups (embedded SQLite default).
        .target(
            name: "EventLog",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // Shadow comparison: structural JSON diff, noise learning, results store, report and verdict.
        .target(
            name: "StranglerShadow",
            dependencies: [
                "CSystemShims",
                "StranglerCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Comparator throughput on 64 KiB JSON bodies (scripts/bench-compare).
        .executableTarget(
            name: "ShadowCompareBench",
            dependencies: ["StranglerShadow", "StranglerCore"],
            swiftSettings: swiftSettings
        ),
        // The HTTP contract's video shapes and read-only access to the monolith's database.
        .target(
            name: "VideoContract",
            dependencies: [
                "ServiceSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // New upload service: streamed uploads, metadata, media, video.uploaded events.
        .target(
            name: "UploadService",
            dependencies: [
                "EventLog",
                "ServiceSupport",
                "VideoContract",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "UploadServiceMain",
            dependencies: [
                "UploadService",
                "ServiceSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/upload-service",
            swiftSettings: swiftSettings
        ),
        // New feed service: in-memory read model fed by the event log and a legacy backfill.
        .target(
            name: "FeedService",
            dependencies: [
                "EventLog",
                "ServiceSupport",
                "VideoContract",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FeedServiceMain",
            dependencies: [
                "FeedService",
                "ServiceSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/feed-service",
            swiftSettings: swiftSettings
        ),
        // The CLI: parses options and wires the libraries.
        .executableTarget(
            name: "strangler",
            dependencies: [
                "MediaKit",
                "StranglerCore",
                "StranglerAudit",
                "StranglerProxy",
                "StranglerShadow",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StranglerCoreTests",
            dependencies: ["StranglerCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StranglerProxyTests",
            dependencies: [
                "StranglerCore",
                "StranglerAudit",
                "StranglerShadow",
                "StranglerProxy",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test helpers shared by the service test targets: spawn executables, a tiny HTTP client.
        .target(
            name: "ServiceTestSupport",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/ServiceTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "UploadServiceTests",
            dependencies: ["EventLog", "ServiceSupport", "VideoContract", "ServiceTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedServiceTests",
            dependencies: [
                "EventLog", "FeedService", "VideoContract", "ServiceTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParityTests",
            dependencies: ["ServiceSupport", "ServiceTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EventLogTests",
            dependencies: ["EventLog"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StranglerShadowTests",
            dependencies: ["StranglerShadow", "StranglerCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LegacyStubTests",
            dependencies: ["ServiceTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
