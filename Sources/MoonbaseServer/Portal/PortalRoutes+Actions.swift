import Foundation
import Hummingbird
import MoonbaseStore
import Portal
import ReleaseEngine
import ReleaseModel

extension PortalRoutes {
    // MARK: Sign-in

    func addSignInRoutes(to router: RouterGroup<MoonbaseRequestContext>) {
        router.get("sign-in") { request, context in
            let next = Self.safeNext(try request.uri.decodeQuery(as: SignInParameters.self, context: context).next)
            if context.identity != nil { return redirect(to: next) }
            return signInPage(request, next: next, error: nil, status: .ok)
        }
        router.post("sign-in") { request, context in try await signIn(request, context: context) }
        router.post("sign-out") { request, context in
            guard let identity = context.identity, let cookie = request.cookies[PortalSession.cookieName]?.value else {
                return redirect(to: "/")
            }
            _ = try await checkedForm(SignOutForm.self, request, context: context)
            try await session.end(cookie: cookie)
            try await store.recordAudit(NewAuditEntry(actor: identity.name, action: "portal.sign-out"))
            return redirect(to: "/", cookies: [self.cookie(PortalSession.cookieName, "", maxAge: 0)])
        }
    }

    func signInPage(_ request: Request, next: String, error: String?, status: HTTPResponse.Status) -> Response {
        let formToken = PortalSession.newFormToken()
        var response = html(
            renderer.render(
                SignInView(next: next, error: error, formToken: formToken), chrome: chrome(request, section: .none, identity: nil)),
            status: status, request: request)
        response.setCookie(cookie(PortalSession.signInCookieName, formToken, maxAge: 3600))
        return response
    }

    func signIn(_ request: Request, context: MoonbaseRequestContext) async throws -> Response {
        let form: SignInForm
        do {
            form = try await URLEncodedFormDecoder().decode(SignInForm.self, from: request, context: context)
        } catch {
            return signInPage(request, next: "/", error: "The sign-in form was incomplete: give a token.", status: .badRequest)
        }
        let next = Self.safeNext(form.next)
        guard let expected = request.cookies[PortalSession.signInCookieName]?.value, !expected.isEmpty, expected == form.form else {
            return signInPage(request, next: next, error: "The sign-in form expired or came from another site: please sign in again.", status: .forbidden)
        }
        let identity: Identity
        do {
            identity = try await api.authenticator.authenticate(authorization: form.token, allowed: API.hamctlGroups)
        } catch {
            return signInPage(
                request, next: next,
                error: "That token was not accepted: use a valid token of the hamctl or admin group (artifact and daemon tokens cannot sign in).",
                status: .unauthorized)
        }
        let value = try await session.start(identity)
        try await store.recordAudit(
            NewAuditEntry(actor: identity.name, action: "portal.sign-in", details: .object([.init("group", .string(identity.group.rawValue))])))
        return redirect(to: next, cookies: [
            cookie(PortalSession.cookieName, value, maxAge: Int(PortalSession.lifetime)),
            cookie(PortalSession.signInCookieName, "", maxAge: 0),
        ])
    }

    /// Where to go after signing in: a path on this site, else the start page.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
              !next.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return "/" }
        return next
    }

    // MARK: Actions

    func addActionRoutes(to router: RouterGroup<MoonbaseRequestContext>) {
        router.post("notifications/retry") { request, context in try await retryNotifications(request, context: context) }
        router.post("services/:service/release") { request, context in
            try await action(request, context: context, ReleaseForm.self) { identity, service, form in
                try Self.validateNames(service: service, environment: form.environment)
                try Self.validate(form.artifact, as: .artifactID)
                return ArtifactRelease(
                    service: service, environment: form.environment, artifactID: form.artifact, intent: .releaseArtifact,
                    actor: identity.actor(committerName: "", committerEmail: ""))
            }
        }
        router.post("services/:service/promote") { request, context in
            try await action(request, context: context, PromoteForm.self) { identity, service, form in
                try Self.validateNames(service: service, environment: form.environment)
                let from = form.from.nonBlank
                if let from { try Self.validate(from, as: .environment) }
                return try await PromoteFlow(release: api.flow, order: EnvironmentOrder(environments)).promotion(
                    service: service, to: form.environment, from: from, actor: identity.actor(committerName: "", committerEmail: ""), reason: "")
            }
        }
        router.post("services/:service/rollback") { request, context in
            try await action(request, context: context, RollbackForm.self) { identity, service, form in
                try Self.validateNames(service: service, environment: form.environment)
                let reason = form.reason.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !reason.isEmpty else {
                    throw ErrorResponse(status: 400, message: "Say why you roll back: the reason is recorded with the rollback.")
                }
                let target: RollbackTarget
                if let artifact = form.to.nonBlank {
                    try Self.validate(artifact, as: .artifactID)
                    target = .artifact(artifact)
                } else {
                    target = .steps(1)
                }
                return try await RollbackFlow(release: api.flow).rollbackRelease(
                    service: service, environment: form.environment, to: target,
                    actor: identity.actor(committerName: "", committerEmail: ""), reason: String(reason.prefix(500)))
            }
        }
    }

    /// Makes dead deliveries pending again (admins only), then back to the notifications page.
    func retryNotifications(_ request: Request, context: MoonbaseRequestContext) async throws -> Response {
        guard let identity = context.identity else { return redirect(to: "/sign-in?next=/notifications") }
        let form = try await checkedForm(RetryNotificationsForm.self, request, context: context)
        guard identity.group == .admin else {
            throw ErrorResponse(status: 403, message: "Only admins can retry notifications: sign in with an admin token.")
        }
        var ids: [Int64] = []
        if let delivery = form.delivery.nonBlank {
            guard let id = Int64(delivery) else { throw ErrorResponse(status: 400, message: "delivery must be a delivery's id, got '\(delivery)'.") }
            ids = [id]
        }
        let receiver = form.receiver.nonBlank
        let now = Date()
        let count = try await store.retryDeliveries(
            ids: ids, receiver: receiver, at: now, retryUntil: now.addingTimeInterval(api.home.configuration.notifications.retry.retryFor))
        try await store.recordAudit(NewAuditEntry(actor: identity.name, action: "notifications.retry", details: .object([
            .init("deliveries", .array(ids.map { .number(String($0)) })), .init("receiver", .string(receiver ?? "")),
            .init("count", .number(String(count))),
        ])))
        let notice = PortalNotice(text: "\(count) \(count == 1 ? "delivery" : "deliveries") will be retried.", isError: false)
        let back = "/notifications" + (receiver.map { "?receiver=" + PortalFormat.escaped($0) } ?? "")
        return redirect(to: back, cookies: [cookie(PortalSession.noticeCookieName, notice.cookieValue, maxAge: 60)])
    }

    /// Runs a release, promotion or rollback from a service page's form, then sends the browser
    /// back to the service page with a notice saying what happened.
    func action<Form: Decodable>(
        _ request: Request, context: MoonbaseRequestContext, _ type: Form.Type,
        _ prepare: @escaping (Identity, String, Form) async throws -> ArtifactRelease
    ) async throws -> Response {
        let service = context.decodedParameter("service")
        let back = "/services/" + PortalFormat.escaped(service)
        // After signing in, the browser comes back to the service's page (the form's URL is post-only).
        guard let identity = context.identity else { return redirect(to: "/sign-in?next=" + PortalFormat.escaped(back)) }
        let form = try await checkedForm(Form.self, request, context: context)
        let notice: PortalNotice
        do {
            let release = try await prepare(identity, service, form)
            let outcome = try await api.flow.release(release)
            notice = PortalNotice(text: Self.describe(outcome, of: release), isError: false)
        } catch let error as ReleaseError {
            notice = PortalNotice(text: API.response(for: error).message.capitalizedFirst, isError: true)
        } catch {
            // What the API would answer, as a notice on the service page instead of a page of its own.
            let answer = ErrorResponse(answering: error, to: request, logger: API.logger)
            let text = answer.status >= 500 ? "The action failed; the server log has the details." : answer.message.capitalizedFirst
            notice = PortalNotice(text: text, isError: true)
        }
        return redirect(to: back, cookies: [cookie(PortalSession.noticeCookieName, notice.cookieValue, maxAge: 60)])
    }

    /// The form, once its anti-forgery token (`csrf`) matches the session: a post without one
    /// is refused like a post with a wrong one, before anything else in it is read.
    func checkedForm<Form: Decodable>(_ type: Form.Type, _ request: Request, context: MoonbaseRequestContext) async throws -> Form {
        let body = String(buffer: try await request.body.collect(upTo: 64 << 10))
        let token = (try? URLEncodedFormDecoder().decode(CSRFField.self, from: body))?.csrf
        guard let cookie = request.cookies[PortalSession.cookieName]?.value, let token, session.isValidCSRFToken(token, forCookie: cookie) else {
            throw ErrorResponse(status: 403, message: "The form's security token did not match your session: reload the page and try again.")
        }
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: body)
        } catch {
            throw ErrorResponse(status: 400, message: "The form was incomplete; go back and fill in every field.")
        }
    }

    static func describe(_ outcome: ReleaseOutcome, of release: ArtifactRelease) -> String {
        switch outcome {
        case .released(_, let commit):
            "\(release.intent.text.capitalizedFirst): \(release.artifactID) released to \(release.environment) (commit \(PortalFormat.shortCommit(commit)))."
        case .upToDate(let environment):
            "\(release.artifactID) already runs in \(environment); nothing changed."
        case .queued(let id):
            "Release \(id) of \(release.artifactID) to \(release.environment) is queued."
        }
    }

    static func validateNames(service: String, environment: String) throws {
        try validate(service, as: .service)
        try validate(environment, as: .environment)
    }

    static func validate(_ value: String, as kind: NameKind) throws {
        do {
            try Name.validate(value, as: kind)
        } catch {
            throw ErrorResponse(status: 400, message: error.description)
        }
    }
}

/// The anti-forgery token every form of a signed-in page posts.
struct CSRFField: Decodable {
    var csrf: String?
}

struct SignInForm: Decodable {
    var form: String
    var next: String?
    var token: String
}

/// Signing out posts nothing but the anti-forgery token.
struct SignOutForm: Decodable {}

struct ReleaseForm: Decodable {
    var artifact: String
    var environment: String
}

struct PromoteForm: Decodable {
    var environment: String
    /// The environment to promote from; empty or absent: the one before `environment`.
    var from: String?
}

struct RollbackForm: Decodable {
    var environment: String
    var reason: String
    /// The artifact to go back to; empty or absent: the release before the current one.
    var to: String?
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
