import NIOConcurrencyHelpers
import Prometheus
import StranglerCore

/// The proxy's Prometheus metrics. Handles are made once per feature and table revision, so a request
/// only touches counters and a histogram, never a registry lookup.
public final class ProxyMetrics: Sendable {
    /// The registry `GET /metrics` renders.
    public let registry = PrometheusCollectorRegistry()
    private let cache = NIOLockedValueBox<[String: FeatureMetrics]>([:])

    public init() {}

    /// The handles for `feature` (`-` for requests no feature claims).
    func feature(_ name: String) -> FeatureMetrics {
        self.cache.withLockedValue { cache in
            if let existing = cache[name] { return existing }
            let made = FeatureMetrics(feature: name, registry: self.registry)
            cache[name] = made
            return made
        }
    }

    /// The traffic series of `feature` (`-` for unclaimed requests), if it has metric handles yet.
    func traffic(feature name: String) -> TrafficSeries? {
        self.cache.withLockedValue { $0[name]?.traffic }
    }

    /// Counts an accepted change of a feature in the route table.
    func countFlip(feature: String, trigger: String) {
        self.registry.makeCounter(
            descriptor: .init(
                namespace: "strangler",
                metricName: "flips",
                unitName: "total",
                helpText: "Accepted route table changes per feature and trigger."
            ),
            labels: [("feature", feature), ("trigger", trigger)]
        ).increment()
    }

    /// The Prometheus text exposition.
    public func render() -> String {
        self.registry.emitToString()
    }
}

/// Metric handles of one feature.
final class FeatureMetrics: Sendable {
    private let requests: [[Counter]]  // [side][status class 1...5]
    private let latency: [DurationHistogram]  // [side]
    private let upstreamErrors: [Counter]  // [side]: connect errors, resets, timeouts
    private let fallbacks: Counter
    private let forced: Counter
    /// Requests per side over the last 30 minutes, for the overview and the dashboard.
    let traffic = TrafficSeries()

    init(feature: String, registry: PrometheusCollectorRegistry) {
        let sides = [Side.legacy, Side.new]
        self.requests = sides.map { side in
            (1...5).map { code in
                registry.makeCounter(
                    descriptor: .init(
                        namespace: "strangler",
                        metricName: "requests",
                        unitName: "total",
                        helpText: "Requests answered, per feature, side and status class."
                    ),
                    labels: [("feature", feature), ("side", side.rawValue), ("code", "\(code)xx")]
                )
            }
        }
        self.latency = sides.map { side in
            registry.makeDurationHistogram(
                descriptor: .init(
                    namespace: "strangler",
                    metricName: "request_duration",
                    unitName: "seconds",
                    helpText: "Time from request head to response end, per feature and side."
                ),
                labels: [("feature", feature), ("side", side.rawValue)],
                buckets: [
                    .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                    .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                    .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
                ]
            )
        }
        self.upstreamErrors = sides.map { side in
            registry.makeCounter(
                descriptor: .init(
                    namespace: "strangler",
                    metricName: "upstream_errors",
                    unitName: "total",
                    helpText: "Upstream connect errors, resets and timeouts, per feature and side."
                ),
                labels: [("feature", feature), ("side", side.rawValue)]
            )
        }
        self.fallbacks = registry.makeCounter(
            descriptor: .init(
                namespace: "strangler",
                metricName: "fallbacks",
                unitName: "total",
                helpText: "Idempotent requests retried on legacy after the new side failed."
            ),
            labels: [("feature", feature)]
        )
        self.forced = registry.makeCounter(
            descriptor: .init(
                namespace: "strangler",
                metricName: "forced_requests",
                unitName: "total",
                helpText: "Requests pinned to a side by X-Strangler-Force (left out of the other statistics)."
            ),
            labels: [("feature", feature)]
        )
    }

    /// Records an answered request.
    func record(side: Side, status: Int, duration: Duration) {
        let index = side == .legacy ? 0 : 1
        let statusClass = min(max(status / 100, 1), 5)
        self.requests[index][statusClass - 1].increment()
        self.latency[index].record(duration)
        self.traffic.record(side: side, serverError: status >= 500)
    }

    /// Counts a request retried on legacy after the new side failed it.
    func countFallback() {
        self.fallbacks.increment()
    }

    /// Counts a request pinned to a side by `X-Strangler-Force`.
    func countForced() {
        self.forced.increment()
    }

    /// Records a connect error, reset or timeout of an upstream.
    func recordUpstreamError(side: Side) {
        self.upstreamErrors[side == .legacy ? 0 : 1].increment()
    }
}
