import Hummingbird

/// The context of every request: Hummingbird's, plus who is asking once a middleware has
/// established it (``AuthenticationMiddleware`` for the API, ``PortalSessionMiddleware`` for
/// the portal's session cookie).
struct MoonbaseRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: Identity?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The authenticated caller. Routes behind ``AuthenticationMiddleware`` always have one;
    /// a route registered outside it by mistake answers 401 rather than trapping.
    func caller() throws -> Identity {
        guard let identity else { throw Authenticator.unauthorized }
        return identity
    }

    /// A path parameter, percent-decoded (a squad named `team/platform` arrives as `team%2Fplatform`).
    func decodedParameter(_ name: String) -> String {
        let raw = parameters.get(name) ?? ""
        return raw.removingPercentEncoding ?? raw
    }
}
