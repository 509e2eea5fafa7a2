import Hummingbird
import Logging
import Portal
import ReleaseModel

/// Puts the identity of the portal's session cookie, if any, into the context. It never
/// refuses: pages decide whether they need a signed-in user (``PortalSignInMiddleware``).
struct PortalSessionMiddleware: RouterMiddleware {
    typealias Context = MoonbaseRequestContext
    let session: PortalSession

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let cookie = request.cookies[PortalSession.cookieName]?.value {
            context.identity = await session.identity(fromCookie: cookie)
        }
        return try await next(request, context)
    }
}

/// Sends a visitor who is not signed in to the sign-in page first, unless the portal is public.
struct PortalSignInMiddleware: RouterMiddleware {
    typealias Context = MoonbaseRequestContext
    let portal: PortalRoutes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity != nil || portal.isPublic else { return portal.signInRedirect(request) }
        return try await next(request, context)
    }
}

/// Renders every failed portal request as an HTML page with the portal's chrome: the same
/// ``ErrorResponse`` the API answers as JSON, worded for a browser.
struct PortalErrorMiddleware: RouterMiddleware {
    typealias Context = MoonbaseRequestContext
    let portal: PortalRoutes
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return portal.message(request, ErrorResponse(answering: error, to: request, logger: logger), identity: context.identity)
        }
    }
}
