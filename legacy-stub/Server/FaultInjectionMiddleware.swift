import Foundation
import Hummingbird
import ServiceSupport

/// Makes `/api` requests slow or failing on purpose, so shadow comparisons have something to find.
struct FaultInjectionMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Extra delay per request.
    let latency: LatencySpec
    /// Share of requests (0...1) answered with an injected 500.
    let errorRate: Double

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.uri.path.hasPrefix("/api/") else {
            return try await next(request, context)
        }
        if latency.maxMilliseconds > 0 {
            try await Task.sleep(for: latency.sample())
        }
        if errorRate > 0, Double.random(in: 0..<1) < errorRate {
            throw APIError.internal("Injected failure (--error-rate \(errorRate)).", code: "injected_fault")
        }
        return try await next(request, context)
    }
}
