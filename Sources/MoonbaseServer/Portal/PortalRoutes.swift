import Foundation
import HTTPTypes
import Hummingbird
import MoonbaseStore
import Portal
import ReleaseEngine
import ReleaseModel

/// The developer portal's pages and actions, served beside the API: server-rendered HTML,
/// signed in with an API token kept in a session cookie, every form checked for forgery.
///
/// Reads come from the store's catalog (derived from uploads and releases); actions go
/// through the same flows as hamctl's requests.
struct PortalRoutes: Sendable {
    let api: API
    let renderer: PortalRenderer
    let session: PortalSession

    init(api: API, renderer: PortalRenderer) {
        self.api = api
        self.renderer = renderer
        session = PortalSession(store: api.home.store, signingKey: api.home.signingKey)
    }

    var store: any MoonbaseStore { api.home.store }
    var environments: [String] { api.home.configuration.environments }
    var production: String { environments.last ?? "prod" }
    var isPublic: Bool { api.home.configuration.portalPublic }
    /// Cookies are marked Secure when the server is reached over https.
    var secureCookies: Bool { api.home.configuration.publicURL?.hasPrefix("https://") ?? false }

    static let pageSize = 50

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in await page(request, .home) { _ in try await homeView() } }
        router.get("search") { request, _ in
            await page(request, .none) { _ in
                let text = PortalQuery(request).get("q") ?? ""
                return SearchView(text: text, results: try await store.search(text, limit: 20))
            }
        }
        router.get("catalog") { request, _ in await page(request, .catalog) { _ in try await catalogView(request) } }
        router.get("services/:service") { request, context in
            await page(request, .catalog) { identity in try await serviceView(request, context: context, signedIn: identity != nil) }
        }
        router.get("environments/:environment") { request, context in
            await page(request, .environments) { _ in try await environmentView(request, context: context) }
        }
        router.get("squads/:squad") { request, context in
            await page(request, .catalog) { _ in try await squadView(request, context: context) }
        }
        router.get("plans") { request, _ in await page(request, .plans) { _ in PlansView(plans: try await store.planUsage(listing: PlansView.listed)) } }
        router.get("delivery") { request, _ in await page(request, .delivery) { _ in try await deliveryView(request) } }
        router.get("audit") { request, _ in await page(request, .audit) { _ in try await auditView(request) } }
        addSignInRoutes(to: router)
        addActionRoutes(to: router)
        router.get("portal/portal.css") { _, _ in Self.asset(PortalAssets.stylesheet, type: "text/css; charset=utf-8") }
        router.get("portal/portal.js") { _, _ in Self.asset(PortalAssets.script, type: "text/javascript; charset=utf-8") }
        router.get("events/releases") { request, _ in await releaseFeed(request) }
    }

    // MARK: Pages

    func homeView() async throws -> HomeView {
        let recent = try await store.recentReleaseEvents(limit: 25)
        let troubled = try await store.releaseEvents(
            ReleaseEventFilter(states: [.failed, .refused]), limit: 10, offset: 0).events
        let rollbacks = try await store.releaseEvents(ReleaseEventFilter(intentTypes: ["Rollback"]), limit: 10, offset: 0).events
        let vulnerable = try await store.deployments(environment: production, criticalOnly: true, limit: 50, offset: 0).deployments
        let squads = try await store.squads()
        return HomeView(
            recent: recent,
            troubled: Array((troubled + rollbacks).sorted { $0.requestedAt > $1.requestedAt }.prefix(10)),
            production: production, vulnerable: vulnerable,
            counts: (squads.reduce(0) { $0 + $1.services }, squads.count))
    }

    func catalogView(_ request: Request, squad: String? = nil) async throws -> CatalogView {
        let parameters = PortalQuery(request)
        let order = parameters.get("sort").flatMap(CatalogQuery.Order.init(rawValue:)) ?? .service
        let query = CatalogQuery(
            squad: squad ?? parameters.get("squad").nonBlank, environment: parameters.get("environment").nonBlank,
            text: parameters.get("q").nonBlank, order: order, descending: parameters.get("order") == "desc",
            limit: 100, offset: try Self.offset(request, "offset"))
        return CatalogView(
            page: try await store.catalog(query), query: query, environments: environments, squads: try await store.squads())
    }

    func serviceView(_ request: Request, context: some RequestContext, signedIn: Bool) async throws -> ServiceView {
        let service = context.decodedParameter("service")
        guard let entry = try await store.catalogEntry(service: service) else {
            throw PortalError.notFound("No service '\(service)': it has never uploaded an artifact.")
        }
        var running: [String: Artifact] = [:]
        for (environment, deployment) in entry.deployments {
            running[environment] = try await store.artifact(service: service, id: deployment.artifactID)
        }
        let offset = try Self.offset(request, "offset")
        let history = try await store.releaseEvents(ReleaseEventFilter(service: service), limit: Self.pageSize, offset: offset)
        let artifacts = try await store.artifacts(service: service, branch: nil, limit: 30, offset: 0)
        let policies = try await api.policyFlow.policies(service: service)
        return ServiceView(
            entry: entry, environments: environments, running: running,
            newest: try await store.artifact(service: service, id: entry.latestArtifact.id), history: history,
            historyOffset: offset, historyLimit: Self.pageSize, artifacts: artifacts, policies: policies, signedIn: signedIn)
    }

    func environmentView(_ request: Request, context: some RequestContext) async throws -> EnvironmentView {
        let environment = context.decodedParameter("environment")
        guard environments.contains(environment) else {
            throw PortalError.notFound("No environment '\(environment)': the environments are \(environments.joined(separator: ", ")).")
        }
        let offset = try Self.offset(request, "offset")
        // Today as the portal writes times: in UTC.
        let today = PortalFormat.startOfDay(Date())
        return EnvironmentView(
            environment: environment,
            deployments: try await store.deployments(environment: environment, criticalOnly: false, limit: 200, offset: offset), offset: offset, limit: 200,
            today: try await store.releaseEvents(ReleaseEventFilter(environment: environment, since: today), limit: 100, offset: 0).events)
    }

    func squadView(_ request: Request, context: some RequestContext) async throws -> SquadView {
        let squad = context.decodedParameter("squad")
        let catalog = try await catalogView(request, squad: squad)
        guard catalog.page.total > 0 else { throw PortalError.notFound("No squad '\(squad)' owns a service.") }
        return SquadView(
            squad: squad, catalog: catalog,
            recent: try await store.releaseEvents(ReleaseEventFilter(squad: squad), limit: 25, offset: 0).events)
    }

    func deliveryView(_ request: Request) async throws -> DeliveryView {
        let parameters = PortalQuery(request)
        let raw = parameters.get("days").nonBlank ?? "30"
        guard let days = Int(raw), DeliveryView.windows.contains(days) else {
            throw PortalError.badRequest("days must be one of \(DeliveryView.windows.map(String.init).joined(separator: ", ")), got '\(raw)'.")
        }
        let squad = parameters.get("squad").nonBlank
        let service = parameters.get("service").nonBlank
        let now = Date()
        let window = DateInterval(start: now.addingTimeInterval(-Double(days) * 86400), end: now)
        let releases = try await store.deliveryRecords(
            ReleaseEventFilter(service: service, squad: squad, environment: production, states: [.released], since: window.start),
            limit: 100_000)
        let scope = service.map { "service \($0)" } ?? squad.map { "squad \($0)" } ?? "the organisation"
        return DeliveryView(
            metrics: DeliveryMetrics.measure(releases, window: window), scope: scope, squad: squad, service: service, windowDays: days,
            production: production, squads: try await store.squads())
    }

    func auditView(_ request: Request) async throws -> AuditView {
        let parameters = PortalQuery(request)
        var states: Set<ReleaseEvent.State> = []
        if let state = parameters.get("state").nonBlank {
            guard let parsed = ReleaseEvent.State(rawValue: state) else {
                throw PortalError.badRequest("state must be one of \(ReleaseEvent.State.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            states = [parsed]
        }
        let releaseFilter = ReleaseEventFilter(
            service: parameters.get("service").nonBlank, environment: parameters.get("environment").nonBlank, states: states)
        let auditFilter = AuditFilter(action: parameters.get("action").nonBlank, actor: parameters.get("actor").nonBlank)
        let releaseOffset = try Self.offset(request, "releases")
        let auditOffset = try Self.offset(request, "entries")
        return AuditView(
            releases: try await store.releaseEvents(releaseFilter, limit: Self.pageSize, offset: releaseOffset),
            releaseFilter: releaseFilter, releaseOffset: releaseOffset,
            entries: try await store.auditLog(auditFilter, limit: Self.pageSize, offset: auditOffset), auditFilter: auditFilter,
            auditOffset: auditOffset, limit: Self.pageSize, environments: environments)
    }

    /// A non-negative offset query parameter (absent: 0).
    static func offset(_ request: Request, _ name: String) throws -> Int {
        guard let raw = PortalQuery(request).get(name), !raw.isEmpty else { return 0 }
        guard let value = Int(raw), value >= 0, value <= 10_000_000 else {
            throw PortalError.badRequest("\(name) must be a whole number of at least 0, got '\(raw)'.")
        }
        return value
    }

    // MARK: Responses

    /// Renders a page for a signed-in user, or for anybody when the portal is public;
    /// otherwise sends the browser to sign in first.
    func page(_ request: Request, _ section: Chrome.Section, _ build: (Identity?) async throws -> any PortalView) async -> Response {
        let signedIn = await signedInIdentity(request)
        if signedIn == nil, !isPublic { return signInRedirect(request) }
        do {
            let view = try await build(signedIn)
            return html(renderer.render(view, chrome: chrome(request, section: section, identity: signedIn)), request: request)
        } catch let error as PortalError {
            return message(request, error, identity: signedIn)
        } catch {
            API.log("portal error on \(request.method) \(request.uri.path): \(error)")
            return message(request, .failed("Something went wrong reading this page; the server log has the details."), identity: signedIn)
        }
    }

    func message(_ request: Request, _ error: PortalError, identity: Identity?) -> Response {
        html(
            renderer.render(MessageView(title: error.title, message: error.message), chrome: chrome(request, section: .none, identity: identity)),
            status: error.status, request: request)
    }

    func chrome(_ request: Request, section: Chrome.Section, identity: Identity?) -> Chrome {
        let cookie = request.cookies[PortalSession.cookieName]?.value
        let notice = request.cookies[PortalSession.noticeCookieName].flatMap { PortalNotice(cookieValue: $0.value) }
        return Chrome(
            user: identity?.name, csrf: cookie.map(session.csrfToken(forCookie:)) ?? "", section: section,
            notice: notice?.text, noticeIsError: notice?.isError ?? false, environments: environments)
    }

    /// An HTML response with the portal's security headers; a notice shown on it is cleared.
    func html(_ body: String, status: HTTPResponse.Status = .ok, request: Request) -> Response {
        var response = Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
                .xContentTypeOptions: "nosniff", .referrerPolicy: "same-origin",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        if request.cookies[PortalSession.noticeCookieName] != nil {
            response.setCookie(cookie(PortalSession.noticeCookieName, "", maxAge: 0))
        }
        return response
    }

    static func asset(_ bytes: [UInt8], type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300", .xContentTypeOptions: "nosniff"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func redirect(to location: String, cookies: [Cookie] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    func signInRedirect(_ request: Request) -> Response {
        redirect(to: "/sign-in?next=" + PortalFormat.escaped(request.uri.description))
    }

    /// The portal's cookies: HttpOnly, for the whole site. The session's is SameSite=Lax, so
    /// that a link to the portal from a chat or an e-mail arrives signed in; a post from another
    /// site still carries no session, and every form must also carry its anti-forgery token.
    /// The others are SameSite=Strict.
    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: "/", secure: secureCookies, httpOnly: true,
            sameSite: name == PortalSession.cookieName ? .lax : .strict)
    }

    func signedInIdentity(_ request: Request) async -> Identity? {
        guard let cookie = request.cookies[PortalSession.cookieName]?.value else { return nil }
        return await session.identity(fromCookie: cookie)
    }
}

/// What a page could not do, as its reader should hear it.
struct PortalError: Error {
    var status: HTTPResponse.Status
    var title: String
    var message: String

    static func notFound(_ message: String) -> PortalError { PortalError(status: .notFound, title: "Not found", message: message) }
    static func badRequest(_ message: String) -> PortalError { PortalError(status: .badRequest, title: "Bad request", message: message) }
    static func forbidden(_ message: String) -> PortalError { PortalError(status: .forbidden, title: "Not allowed", message: message) }
    static func failed(_ message: String) -> PortalError {
        PortalError(status: .internalServerError, title: "Something went wrong", message: message)
    }
}

/// The one-line notice a page shows after an action redirected to it, kept in a cookie for
/// one page view.
struct PortalNotice {
    var text: String
    var isError: Bool

    init(text: String, isError: Bool) {
        self.text = text
        self.isError = isError
    }

    init?(cookieValue: String) {
        guard cookieValue.count > 2, let text = String(cookieValue.dropFirst(2)).removingPercentEncoding else { return nil }
        self.init(text: text, isError: cookieValue.hasPrefix("e:"))
    }

    var cookieValue: String {
        (isError ? "e:" : "i:") + PortalFormat.escaped(String(text.prefix(600)))
    }
}

extension String? {
    /// The value, or nil when it is absent or blank.
    var nonBlank: String? {
        guard let self, !self.isBlankText else { return nil }
        return self
    }
}

extension HTTPField.Name {
    static let contentSecurityPolicy = Self("Content-Security-Policy")!
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
