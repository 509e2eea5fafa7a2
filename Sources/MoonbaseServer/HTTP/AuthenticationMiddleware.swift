import Hummingbird
import MoonbaseStore

/// Authenticates every request of a route group for one set of client groups (spec §1.2):
/// the caller's identity goes into the context, anything else is the reference's 401.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = MoonbaseRequestContext
    let authenticator: Authenticator
    let allowed: Set<ClientGroup>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.identity = try await authenticator.authenticate(authorization: request.headers[.authorization], allowed: allowed)
        return try await next(request, context)
    }
}
