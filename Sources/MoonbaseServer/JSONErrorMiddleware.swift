import Hummingbird
import ReleaseModel

/// Answers Hummingbird's own errors (an unknown route, a wrong method) in the API's
/// `{"status","message"}` shape, as the reference does for unknown paths.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let message = error.status == .notFound ? "not found" : error.status.reasonPhrase.lowercased()
            return API.error(ErrorResponse(status: error.status.code, message: message))
        }
    }
}
