import Hummingbird
import Logging
import ReleaseModel

/// Answers every failed API request with an ``ErrorResponse`` as JSON (`{"status","message"}`),
/// including Hummingbird's own errors (an unknown route, a wrong method), as the reference does;
/// the token endpoint's ``OAuthError`` keeps OAuth's own shape.
/// The portal's routes render the same errors as HTML instead (``PortalErrorMiddleware``).
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as OAuthError {
            return error.response
        } catch {
            let answer = ErrorResponse(answering: error, to: request, logger: logger)
            return try GoJSONResponse(answer, status: HTTPResponse.Status(code: answer.status)).response
        }
    }
}

extension ErrorResponse {
    /// What a request that failed with `error` answers: an ``ErrorResponse`` as thrown;
    /// Hummingbird's `HTTPError` in the same shape; anything else a 500 "unknown error".
    ///
    /// Only the last is logged, as an error with its cause: a 4xx is the caller's mistake and
    /// the request log line already records its status.
    init(answering error: any Error, to request: Request, logger: Logger) {
        switch error {
        case let error as ErrorResponse:
            self = error
        case let error as HTTPError:
            let message = error.status == .notFound ? "not found" : error.body ?? error.status.reasonPhrase.lowercased()
            self.init(status: error.status.code, message: message)
        default:
            logger.error("request failed", metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "error": "\(error)"])
            self.init(status: 500, message: "unknown error")
        }
    }
}
