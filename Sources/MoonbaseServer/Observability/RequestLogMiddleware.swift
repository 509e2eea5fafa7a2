import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id (the caller's `X-Request-Id`, else a new UUID), answers it in the
/// `X-Request-Id` header, and logs one line per request with method, path, status and duration.
/// `/ping` and `/metrics` are not logged (probes and scrapers call them all day); nor is the
/// `Authorization` header, ever.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    static var quietPaths: Set<String> { ["/ping", "/metrics"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = request.headers[.requestID].flatMap { $0.isEmpty || $0.count > 200 ? nil : $0 } ?? UUID().uuidString.lowercased()
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            log(request, id: id, status: (error as? HTTPError)?.status.code ?? 500, since: start)
            throw error
        }
        response.headers[.requestID] = id
        log(request, id: id, status: response.status.code, since: start)
        return response
    }

    private func log(_ request: Request, id: String, status: Int, since start: ContinuousClock.Instant) {
        guard !Self.quietPaths.contains(request.uri.path) else { return }
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("request", metadata: [
            "request_id": "\(id)",
            "method": "\(request.method)",
            "path": "\(request.uri.path)",
            "status": "\(status)",
            "duration_ms": "\(String(format: "%.2f", milliseconds))",
        ])
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
}
