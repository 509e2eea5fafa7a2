import Hummingbird

/// Counts and times every request into ``ServerMetrics``, labelled by the matched route.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.requestAnswered(method: "\(request.method)", route: context.endpointPath ?? "unmatched", status: status, duration: ContinuousClock.now - start)
            throw error
        }
        metrics.requestAnswered(
            method: "\(request.method)", route: context.endpointPath ?? "unmatched", status: response.status.code, duration: ContinuousClock.now - start
        )
        return response
    }
}
