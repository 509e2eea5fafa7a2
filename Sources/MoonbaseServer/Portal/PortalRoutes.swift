import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MoonbaseStore
import Notifications
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

    /// The portal's routes: the style and script files for anybody; every other route reads the
    /// session cookie and renders its errors as HTML, and pages also need a signed-in user
    /// unless the portal is public.
    func add(to router: Router<MoonbaseRequestContext>, logger: Logger) {
        router.get("portal/portal.css") { _, _ in Self.asset(PortalAssets.stylesheet, type: "text/css; charset=utf-8") }
        router.get("portal/portal.js") { _, _ in Self.asset(PortalAssets.script, type: "text/javascript; charset=utf-8") }
        let portal = router.group()
            .add(middleware: PortalSessionMiddleware(session: session))
            .add(middleware: PortalErrorMiddleware(portal: self, logger: logger))
        addSignInRoutes(to: portal)
        addActionRoutes(to: portal)
        portal.get("events/releases") { request, context in try await releaseFeed(request, context: context) }

        let pages = portal.group().add(middleware: PortalSignInMiddleware(portal: self))
        pages.get("/") { request, context in try await page(request, context, .home, homeView()) }
        pages.get("search") { request, context in
            let query = try request.uri.decodeQuery(as: SearchQuery.self, context: context)
            return try await page(request, context, .none, SearchView(text: query.q ?? "", results: store.search(query.q ?? "", limit: 20)))
        }
        pages.get("catalog") { request, context in try await page(request, context, .catalog, catalogView(request, context: context)) }
        pages.get("services/:service") { request, context in
            try await page(request, context, .catalog, serviceView(request, context: context))
        }
        pages.get("environments/:environment") { request, context in
            try await page(request, context, .environments, environmentView(request, context: context))
        }
        pages.get("squads/:squad") { request, context in try await page(request, context, .catalog, squadView(request, context: context)) }
        pages.get("plans") { request, context in
            try await page(request, context, .plans, PlansView(plans: store.planUsage(listing: PlansView.listed)))
        }
        pages.get("delivery") { request, context in try await page(request, context, .delivery, deliveryView(request, context: context)) }
        pages.get("audit") { request, context in try await page(request, context, .audit, auditView(request, context: context)) }
        pages.get("notifications") { request, context in
            // Deliveries name people (direct messages by email): never public.
            guard context.identity != nil else { return redirect(to: "/sign-in?next=/notifications") }
            return try await page(request, context, .notifications, notificationsView(request, context: context))
        }
    }

    // MARK: Pages

    func homeView() async throws -> HomeView {
        let recent = try await store.recentReleaseEvents(limit: 25)
        let troubled = try await store.releaseEvents(
            ReleaseEventFilter(states: [.failed, .refused]), limit: 10, offset: 0).events
        let rollbacks = try await store.releaseEvents(ReleaseEventFilter(intentTypes: ["Rollback"]), limit: 10, offset: 0).events
        let vulnerable = try await store.deployments(environment: production, criticalOnly: true, limit: 50, offset: 0).deployments
        let squads = try await store.squads()
        // Only services whose workload failed somewhere can have a failing rollout.
        var failing: [ClusterStateResponse.Entry] = []
        for service in Set(try await store.workloadStates(environment: nil, service: nil).filter { $0.phase == .failed }.map(\.service)).sorted() {
            let deployments = try await store.catalogEntry(service: service)?.deployments.values.map(ClusterFeedback.Release.init) ?? []
            failing += try await api.cluster.states(of: deployments, service: service).filter { $0.state.phase == .failed }
        }
        return HomeView(
            recent: recent,
            troubled: Array((troubled + rollbacks).sorted { $0.requestedAt > $1.requestedAt }.prefix(10)),
            production: production, vulnerable: vulnerable,
            counts: (squads.reduce(0) { $0 + $1.services }, squads.count), failing: failing)
    }

    func catalogView(_ request: Request, context: MoonbaseRequestContext, squad: String? = nil) async throws -> CatalogView {
        let parameters = try request.uri.decodeQuery(as: CatalogParameters.self, context: context)
        let order = parameters.sort.flatMap(CatalogQuery.Order.init(rawValue:)) ?? .service
        let query = CatalogQuery(
            squad: squad ?? parameters.squad.nonBlank, environment: parameters.environment.nonBlank,
            text: parameters.q.nonBlank, order: order, descending: parameters.order == "desc",
            limit: 100, offset: try Self.offset(parameters.offset, "offset"))
        return CatalogView(
            page: try await store.catalog(query), query: query, environments: environments, squads: try await store.squads())
    }

    func serviceView(_ request: Request, context: MoonbaseRequestContext) async throws -> ServiceView {
        let service = context.decodedParameter("service")
        guard let entry = try await store.catalogEntry(service: service) else {
            throw ErrorResponse(status: 404, message: "No service '\(service)': it has never uploaded an artifact.")
        }
        var running: [String: Artifact] = [:]
        for (environment, deployment) in entry.deployments {
            running[environment] = try await store.artifact(service: service, id: deployment.artifactID)
        }
        let offset = try Self.offset(request.uri.decodeQuery(as: OffsetParameter.self, context: context).offset, "offset")
        let history = try await store.releaseEvents(ReleaseEventFilter(service: service), limit: Self.pageSize, offset: offset)
        let artifacts = try await store.artifacts(service: service, branch: nil, limit: 30, offset: 0)
        let policies = try await api.policyFlow.policies(service: service)
        let cluster = try await api.cluster.states(of: entry.deployments.values.map(ClusterFeedback.Release.init), service: service)
        return ServiceView(
            entry: entry, environments: environments, running: running,
            newest: try await store.artifact(service: service, id: entry.latestArtifact.id), history: history,
            historyOffset: offset, historyLimit: Self.pageSize, artifacts: artifacts, policies: policies, signedIn: context.identity != nil,
            cluster: Dictionary(cluster.map { ($0.environment, $0.state) }, uniquingKeysWith: { first, _ in first }),
            clusterEvents: try await store.clusterEvents(service: service, environment: nil, limit: 20))
    }

    func environmentView(_ request: Request, context: MoonbaseRequestContext) async throws -> EnvironmentView {
        let environment = context.decodedParameter("environment")
        guard environments.contains(environment) else {
            throw ErrorResponse(status: 404, message: "No environment '\(environment)': the environments are \(environments.joined(separator: ", ")).")
        }
        let offset = try Self.offset(request.uri.decodeQuery(as: OffsetParameter.self, context: context).offset, "offset")
        // Today as the portal writes times: in UTC.
        let today = PortalFormat.startOfDay(Date())
        let deployments = try await store.deployments(environment: environment, criticalOnly: false, limit: 200, offset: offset)
        let cluster = try await api.cluster.states(of: deployments.deployments.map(ClusterFeedback.Release.init), environment: environment)
        return EnvironmentView(
            environment: environment,
            deployments: deployments, offset: offset, limit: 200,
            today: try await store.releaseEvents(ReleaseEventFilter(environment: environment, since: today), limit: 100, offset: 0).events,
            cluster: Dictionary(cluster.map { ($0.service, $0.state) }, uniquingKeysWith: { first, _ in first }))
    }

    func squadView(_ request: Request, context: MoonbaseRequestContext) async throws -> SquadView {
        let squad = context.decodedParameter("squad")
        let catalog = try await catalogView(request, context: context, squad: squad)
        guard catalog.page.total > 0 else { throw ErrorResponse(status: 404, message: "No squad '\(squad)' owns a service.") }
        return SquadView(
            squad: squad, catalog: catalog,
            recent: try await store.releaseEvents(ReleaseEventFilter(squad: squad), limit: 25, offset: 0).events)
    }

    func deliveryView(_ request: Request, context: MoonbaseRequestContext) async throws -> DeliveryView {
        let parameters = try request.uri.decodeQuery(as: DeliveryParameters.self, context: context)
        let raw = parameters.days.nonBlank ?? "30"
        guard let days = Int(raw), DeliveryView.windows.contains(days) else {
            throw ErrorResponse(status: 400, message: "days must be one of \(DeliveryView.windows.map(String.init).joined(separator: ", ")), got '\(raw)'.")
        }
        let squad = parameters.squad.nonBlank
        let service = parameters.service.nonBlank
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

    func auditView(_ request: Request, context: MoonbaseRequestContext) async throws -> AuditView {
        let parameters = try request.uri.decodeQuery(as: AuditParameters.self, context: context)
        var states: Set<ReleaseEvent.State> = []
        if let state = parameters.state.nonBlank {
            guard let parsed = ReleaseEvent.State(rawValue: state) else {
                throw ErrorResponse(status: 400, message: "state must be one of \(ReleaseEvent.State.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            states = [parsed]
        }
        let releaseFilter = ReleaseEventFilter(
            service: parameters.service.nonBlank, environment: parameters.environment.nonBlank, states: states)
        let auditFilter = AuditFilter(action: parameters.action.nonBlank, actor: parameters.actor.nonBlank)
        let releaseOffset = try Self.offset(parameters.releases, "releases")
        let auditOffset = try Self.offset(parameters.entries, "entries")
        return AuditView(
            releases: try await store.releaseEvents(releaseFilter, limit: Self.pageSize, offset: releaseOffset),
            releaseFilter: releaseFilter, releaseOffset: releaseOffset,
            entries: try await store.auditLog(auditFilter, limit: Self.pageSize, offset: auditOffset), auditFilter: auditFilter,
            auditOffset: auditOffset, limit: Self.pageSize, environments: environments)
    }

    func notificationsView(_ request: Request, context: MoonbaseRequestContext) async throws -> NotificationsView {
        let parameters = try request.uri.decodeQuery(as: NotificationsParameters.self, context: context)
        var filter = DeliveryFilter(receiver: parameters.receiver.nonBlank)
        if let state = parameters.state.nonBlank {
            guard let parsed = NotificationDelivery.State(rawValue: state) else {
                throw ErrorResponse(status: 400, message: "state must be one of \(NotificationDelivery.State.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            filter.state = parsed
        }
        let offset = try Self.offset(parameters.offset, "offset")
        return NotificationsView(
            receivers: api.home.configuration.notifications.receivers(http: OutboundHTTP()).map(\.name),
            statistics: try await store.deliveryStatistics(),
            deliveries: try await store.deliveries(filter, limit: Self.pageSize, offset: offset), filter: filter, offset: offset,
            limit: Self.pageSize, canRetry: context.identity?.group == .admin)
    }

    /// A non-negative offset query parameter `name` (absent: 0).
    static func offset(_ raw: String?, _ name: String) throws -> Int {
        guard let raw, !raw.isEmpty else { return 0 }
        guard let value = Int(raw), value >= 0, value <= 10_000_000 else {
            throw ErrorResponse(status: 400, message: "\(name) must be a whole number of at least 0, got '\(raw)'.")
        }
        return value
    }

    // MARK: Responses

    /// A page in the portal's chrome.
    func page(_ request: Request, _ context: MoonbaseRequestContext, _ section: Chrome.Section, _ view: any PortalView) -> Response {
        html(renderer.render(view, chrome: chrome(request, section: section, identity: context.identity)), request: request)
    }

    /// An error as a page: its status, a title for it, and the error's message (a failure the
    /// server did not expect says that the log has the details).
    func message(_ request: Request, _ error: ErrorResponse, identity: Identity?) -> Response {
        let status = HTTPResponse.Status(code: error.status)
        let title = switch error.status {
        case 400: "Bad request"
        case 401, 403: "Not allowed"
        case 404: "Not found"
        case 500...: "Something went wrong"
        default: status.reasonPhrase
        }
        let text = error.status >= 500 && error.message == "unknown error"
            ? "The server could not answer this request; its log has the details." : error.message
        return html(
            renderer.render(MessageView(title: title, message: text), chrome: chrome(request, section: .none, identity: identity)),
            status: status, request: request)
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
