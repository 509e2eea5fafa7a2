import Foundation
import GoCompat
import MoonbaseServer
import MoonbaseStore
import ReleaseModel
import TestSupport
import Testing

/// The portal's pages and actions over a real server: sign-in with API tokens kept in a
/// session cookie, every page rendered from what was uploaded and released, forms checked
/// for forgery, and actions that release, promote and roll back through the same flows as the API.
@Suite struct PortalRouteTests {
    /// An artifact with the facts the portal shows: commit, author, CI, plan and a scan.
    static func storeArtifact(
        _ service: String, squad: String, sha: String, planSHA: String = "plan000000", critical: Int = 0, branch: String = "master",
        on server: RunningServer
    ) async throws -> String {
        let id = ArtifactID.make(branch: branch, sha: sha, planSHA: planSHA)
        var spec = ArtifactSpec(id: id, service: service, squad: squad)
        spec.application = Repository(
            branch: branch, sha: sha, authorName: "Alice", authorEmail: "alice@example.com", message: "Make \(service) faster\n\nDetails.",
            url: "https://git.example.com/\(service)")
        spec.ci = CI(jobURL: "https://ci.example.com/\(service)/1", start: GoTime(Date().addingTimeInterval(-3600)))
        spec.shuttle = Shuttle(plan: Repository(sha: planSHA, url: "https://git.example.com/plans/service.git"))
        spec.stages = [Stage(.securityScan(SecurityScanData(scanner: "trivy", vulnerabilities: SeverityCounts(critical: critical, high: 2))))]
        let files = ["dev", "staging", "prod"].map { environment in
            ArtifactFile(environment: environment, path: "40-deployment.yaml", content: Data("kind: Deployment\nmetadata: {name: \(service)}\n".utf8))
        }
        let serviceSpec = ServiceSpec(text: "plan: https://git.example.com/plans/service.git\nvars:\n  service: \(service)\n  language: go\n", language: "go")
        try await server.home.store.storeArtifact(ArtifactUpload(
            specJSON: spec.goJSON(trailingNewline: true), files: files, serviceSpec: service == "ledger" ? serviceSpec : nil))
        return id
    }

    static func api(_ server: RunningServer, _ path: String, _ body: String) async throws {
        let response = try await server.request("POST", path, token: server.adminToken, body: body)
        #expect(response.status == 200, "\(path): \(response.body)")
    }

    /// Runs `body` on a server with two services of two squads, released, promoted and one
    /// rolled back in prod; `body` gets the server, product's two artifacts and ledger's.
    static func withPopulatedServer(_ body: (RunningServer, [String], String) async throws -> Void) async throws {
        try await withRunningServer { server in
            let first = try await storeArtifact("product", squad: "nasa", sha: "aaaaaaaaaaaa", planSHA: "plan111111", on: server)
            let second = try await storeArtifact("product", squad: "nasa", sha: "bbbbbbbbbbbb", planSHA: "plan222222", critical: 3, on: server)
            let ledger = try await storeArtifact("ledger", squad: "money", sha: "cccccccccccc", planSHA: "plan111111", on: server)
            for id in [first, second] {
                try await api(server, "/release", #"{"service":"product","environment":"dev","artifactId":"\#(id)","intent":{"type":"ReleaseArtifact"}}"#)
                try await api(server, "/promote", #"{"service":"product","environment":"staging"}"#)
                try await api(server, "/promote", #"{"service":"product","environment":"prod"}"#)
            }
            try await api(server, "/release", #"{"service":"ledger","environment":"dev","artifactId":"\#(ledger)","intent":{"type":"ReleaseArtifact"}}"#)
            try await api(server, "/rollback", #"{"service":"product","environment":"prod","reason":"checkout errors"}"#)
            try await body(server, [first, second], ledger)
        }
    }

    @Test func signedOutVisitorsAreSentToSignIn() async throws {
        try await withRunningServer { server in
            let browser = PortalBrowser(base: server.base)
            for path in ["/", "/catalog", "/services/product", "/environments/dev", "/squads/nasa", "/plans", "/delivery", "/audit", "/search?q=x"] {
                let page = try await browser.get(path)
                #expect(page.status == 303, "\(path)")
                #expect(page.location == "/sign-in?next=" + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""), "\(path)")
            }
            let posted = try await browser.post("/services/product/rollback", [("environment", "prod"), ("reason", "x")])
            #expect(posted.status == 303)
            // After signing in, back to the service's page, not to the post-only form URL.
            #expect(posted.location == "/sign-in?next=%2Fservices%2Fproduct")
            #expect(try await browser.get("/events/releases").status == 401)
            let css = try await browser.get("/portal/portal.css")
            #expect(css.status == 200)
            #expect(css.header("Content-Type") == "text/css; charset=utf-8")
            #expect(try await browser.get("/portal/portal.js").status == 200)
        }
    }

    @Test func signInTakesHamctlAndAdminTokensOnly() async throws {
        try await withRunningServer { server in
            let browser = PortalBrowser(base: server.base)
            let form = try await browser.get("/sign-in?next=%2Fcatalog")
            #expect(form.status == 200)
            #expect(form.body.contains(#"<label for="token">Token</label>"#))

            let wrong = try await browser.signIn(token: "mbt_wrong", next: "/catalog")
            #expect(wrong.status == 401)
            #expect(wrong.body.contains("That token was not accepted"))
            let artifactToken = try await server.home.store.createToken(group: .artifact, name: "ci").secret
            #expect(try await browser.signIn(token: artifactToken).status == 401)

            // A form whose token does not match its cookie (posted from another site) is refused.
            let forged = try await PortalBrowser(base: server.base).post("/sign-in", [("form", "x"), ("next", "/"), ("token", server.adminToken)])
            #expect(forged.status == 403)
            #expect(forged.body.contains("came from another site"))

            let hamctl = try await server.home.store.createToken(group: .hamctl, name: "alice").secret
            let signedIn = try await browser.signIn(token: hamctl, next: "/catalog")
            #expect(signedIn.status == 303)
            #expect(signedIn.location == "/catalog")
            let session = try #require(browser.setCookieHeaders.last { $0.hasPrefix("moonbase_session=") })
            #expect(session.contains("HttpOnly"))
            #expect(session.contains("SameSite=Lax"))
            #expect(session.contains("Path=/"))
            let catalog = try await browser.get("/catalog")
            #expect(catalog.status == 200)
            #expect(catalog.body.contains(#"<span class="who">alice</span>"#))
            #expect(catalog.header("Content-Security-Policy")?.contains("default-src 'self'") == true)

            // Off-site destinations are not followed after signing in.
            let offsite = try await PortalBrowser(base: server.base).signIn(token: hamctl, next: "//evil.example.com/")
            #expect(offsite.location == "/")

            let audit = try await server.home.store.auditLog(AuditFilter(action: "portal.sign-in"), limit: 10, offset: 0)
            #expect(audit.entries.map(\.actor) == ["alice", "alice"])

            let csrf = try #require(catalog.hiddenInput("csrf"))
            let sessionCookie = try #require(browser.cookies["moonbase_session"])
            let out = try await browser.post("/sign-out", [("csrf", csrf)])
            #expect(out.status == 303)
            #expect(try await browser.get("/catalog").status == 303)
            // The session ended on the server: its cookie no longer works.
            browser.cookies["moonbase_session"] = sessionCookie
            #expect(try await browser.get("/catalog").status == 303)

            // Revoking the token ends the sessions started with it.
            let token = try await server.home.store.createToken(group: .hamctl, name: "bob")
            let bob = PortalBrowser(base: server.base)
            _ = try await bob.signIn(token: token.secret)
            #expect(try await bob.get("/catalog").status == 200)
            try await server.home.store.revokeToken(id: token.token.id)
            #expect(try await bob.get("/catalog").status == 303)
        }
    }

    @Test func everyPageShowsWhatWasUploadedAndReleased() async throws {
        try await Self.withPopulatedServer { server, product, ledger in
            let browser = PortalBrowser(base: server.base)
            #expect(try await browser.signIn(token: server.adminToken).status == 303)

            let home = try await browser.get("/")
            #expect(home.status == 200)
            #expect(home.body.contains("2 services</a> owned by 2 squads"))
            #expect(home.body.contains(#"<tbody data-live="/events/releases">"#))
            #expect(home.body.contains("“checkout errors”"))
            // The rollback put the first artifact back in prod, which has no critical vulnerability.
            #expect(home.body.contains("Nothing in prod has a critical vulnerability."))

            let catalog = try await browser.get("/catalog")
            #expect(catalog.status == 200)
            #expect(catalog.body.contains(#"<a href="/services/ledger">ledger</a>"#))
            #expect(catalog.body.contains("service <code>plan222222</code>"))
            #expect(catalog.body.contains("<code>\(product[0])</code>"))
            #expect(catalog.body.contains("<td>go</td>"))
            let ledgerPage = try await browser.get("/services/ledger")
            #expect(ledgerPage.body.contains("written in go"))
            #expect(ledgerPage.body.contains("  language: go"))
            #expect(try await browser.get("/services/product").body.contains("came without the service's <code>shuttle.yaml</code>"))
            let squad = try await browser.get("/catalog?squad=money")
            #expect(squad.body.contains("/services/ledger"))
            #expect(!squad.body.contains("/services/product"))
            let inProd = try await browser.get("/catalog?environment=prod")
            #expect(inProd.body.contains("/services/product"))
            #expect(!inProd.body.contains(#"<a href="/services/ledger">"#))
            let text = try await browser.get("/catalog?q=ledg")
            #expect(text.body.contains("1–1 of 1"))
            let sorted = try await browser.get("/catalog?sort=service&order=desc")
            let productAt = try #require(sorted.body.range(of: "/services/product\"")).lowerBound
            let ledgerAt = try #require(sorted.body.range(of: "/services/ledger\"")).lowerBound
            #expect(productAt < ledgerAt)
            #expect(sorted.body.contains(#"aria-sort="descending""#))

            let service = try await browser.get("/services/product")
            #expect(service.status == 200)
            #expect(service.body.contains("Make product faster"))
            #expect(service.body.contains(#"<a href="https://ci.example.com/product/1" rel="noopener">CI run</a>"#))
            #expect(service.body.contains("3 critical"))
            #expect(service.body.contains("rollback"))
            #expect(service.body.contains("“checkout errors”"))
            #expect(service.body.contains("behind staging, whose artifact was uploaded"))
            #expect(service.body.contains(#"action="/services/product/rollback""#))
            #expect(service.body.contains("<code>artifact.json</code>"))
            #expect(try await browser.get("/services/nothing").status == 404)
            #expect(try await browser.get("/services/product?offset=-1").status == 400)

            let environment = try await browser.get("/environments/dev")
            #expect(environment.body.contains("<code>\(ledger)</code>"))
            #expect(environment.body.contains("Changed today"))
            #expect(try await browser.get("/environments/qa").status == 404)

            let squadPage = try await browser.get("/squads/nasa")
            #expect(squadPage.status == 200)
            #expect(squadPage.body.contains("/services/product"))
            #expect(try await browser.get("/squads/nobody").status == 404)

            let plans = try await browser.get("/plans")
            #expect(plans.body.contains("<h2 id=\"plan-service\">service</h2>"))
            #expect(plans.body.contains(#"<strong>1 outdated:</strong> <a href="/services/ledger">ledger</a>"#))

            let delivery = try await browser.get("/delivery")
            #expect(delivery.body.contains("<svg class=\"chart\""))
            #expect(delivery.body.contains("Change failure rate</dt><dd>50 %</dd>"))
            #expect(delivery.body.contains("1 of 2 rolled back"))
            #expect(try await browser.get("/delivery?days=8").status == 400)
            let garbage = try await browser.get("/delivery?days=many")
            #expect(garbage.status == 400)
            #expect(garbage.body.contains("days must be one of 7, 30, 90, got ") && garbage.body.contains("many"))
            let squadDelivery = try await browser.get("/delivery?days=7&squad=money")
            #expect(squadDelivery.body.contains("Delivery: squad money"))

            let audit = try await browser.get("/audit?action=portal.")
            #expect(audit.body.contains("portal.sign-in"))
            let refused = try await browser.get("/audit?state=refused")
            #expect(refused.body.contains("No releases."))
            #expect(try await browser.get("/audit?state=maybe").status == 400)

            let search = try await browser.get("/search?q=bbbbbbbbbb")
            #expect(search.body.contains("<code>\(product[1])</code>"))
            #expect(try await browser.get("/search?q=checkout+errors").body.contains("Search: checkout errors"))
            let squadSearch = try await browser.get("/search?q=mon")
            #expect(squadSearch.body.contains(#"<a href="/squads/money">money</a>"#))
        }
    }

    @Test func actionsReleasePromoteAndRollBackWithAValidForm() async throws {
        try await Self.withPopulatedServer { server, product, _ in
            let browser = PortalBrowser(base: server.base)
            _ = try await browser.signIn(token: server.adminToken)
            let page = try await browser.get("/services/product")
            let csrf = try #require(page.hiddenInput("csrf"))

            // Without the form's token nothing happens.
            let forged = try await browser.post("/services/product/release", [("csrf", "forged"), ("artifact", product[1]), ("environment", "prod")])
            #expect(forged.status == 403)
            let missing = try await browser.post("/services/product/release", [("artifact", product[1]), ("environment", "prod")])
            #expect(missing.status == 403)
            let status = try await server.home.repository.status(service: "product")
            #expect(status.first { $0.environment == "prod" }?.spec.id == product[0])

            let released = try await browser.post("/services/product/release", [("csrf", csrf), ("artifact", product[1]), ("environment", "prod")])
            #expect(released.status == 303)
            #expect(released.location == "/services/product")
            let after = try await browser.get("/services/product")
            #expect(after.body.contains("Artifact release: \(product[1]) released to prod (commit "))
            // The notice shows once.
            #expect(!(try await browser.get("/services/product")).body.contains("Artifact release: "))

            let noReason = try await browser.post("/services/product/rollback", [("csrf", csrf), ("environment", "prod"), ("reason", "  ")])
            #expect(noReason.status == 303)
            #expect(try await browser.get("/services/product").body.contains("Say why you roll back"))

            _ = try await browser.post("/services/product/rollback", [("csrf", csrf), ("environment", "prod"), ("reason", "latency up")])
            let rolledBack = try await server.home.repository.status(service: "product")
            #expect(rolledBack.first { $0.environment == "prod" }?.spec.id == product[0])
            let history = try await server.home.store.releaseEvents(ReleaseEventFilter(service: "product", intentTypes: ["Rollback"]), limit: 5, offset: 0)
            #expect(history.events.first?.reason == "latency up")
            #expect(history.events.first?.releasedBy.email == "admin")

            // Back to a chosen artifact, and a promotion from a chosen environment.
            _ = try await browser.post("/services/product/rollback", [("csrf", csrf), ("environment", "staging"), ("to", product[0]), ("reason", "pick")])
            #expect(try await server.home.repository.status(service: "product").first { $0.environment == "staging" }?.spec.id == product[0])
            _ = try await browser.post("/services/product/promote", [("csrf", csrf), ("environment", "staging"), ("from", "prod")])
            #expect(try await browser.get("/services/product").body.contains("already runs in staging"))
            _ = try await browser.post("/services/product/release", [("csrf", csrf), ("artifact", product[1]), ("environment", "dev")])
            let promoted = try await browser.post("/services/product/promote", [("csrf", csrf), ("environment", "staging")])
            #expect(promoted.status == 303)
            #expect(try await browser.get("/services/product").body.contains("\(product[1]) released to staging"))

            let unknown = try await browser.post("/services/product/release", [("csrf", csrf), ("artifact", "master-nope-nope"), ("environment", "dev")])
            #expect(unknown.status == 303)
            #expect(try await browser.get("/services/product").body.contains("class=\"notice error\""))
        }
    }

    @Test func namesThatNeedEscapingWorkInLinks() async throws {
        try await withRunningServer { server in
            _ = try await Self.storeArtifact("edge", squad: "team/platform & co", sha: "dddddddddddd", on: server)
            let browser = PortalBrowser(base: server.base)
            _ = try await browser.signIn(token: server.adminToken)
            let catalog = try await browser.get("/catalog")
            #expect(catalog.body.contains(#"<a href="/squads/team%2Fplatform%20%26%20co">team/platform &amp; co</a>"#))
            let squad = try await browser.get("/squads/team%2Fplatform%20%26%20co")
            #expect(squad.status == 200)
            #expect(squad.body.contains("Squad team/platform &amp; co"))
        }
    }

    @Test func aPublicPortalIsReadableWithoutSigningInButActionsStillNeedIt() async throws {
        try await withRunningServer(configure: { $0.portalPublic = true }) { server in
            let browser = PortalBrowser(base: server.base)
            let home = try await browser.get("/")
            #expect(home.status == 200)
            #expect(home.body.contains(#"<a href="/sign-in">Sign in</a>"#))
            #expect(try await browser.get("/catalog").status == 200)
            let posted = try await browser.post("/services/product/promote", [("environment", "prod")])
            #expect(posted.status == 303)
            #expect(posted.location?.hasPrefix("/sign-in") == true)
        }
    }

    @Test func theReleaseFeedPushesNewReleases() async throws {
        try await Self.withPopulatedServer { server, _, _ in
            let browser = PortalBrowser(base: server.base)
            _ = try await browser.signIn(token: server.adminToken)
            let seen = try await browser.readEvents(from: "/events/releases", until: "feed test") {
                try await Self.api(server, "/rollback", #"{"service":"product","environment":"staging","reason":"feed test"}"#)
            }
            #expect(seen.contains("event: release"))
            #expect(seen.contains("feed test"))
        }
    }

    @Test func pagesShowWhatTheClusterRunsAndTheFeedUpdatesIt() async throws {
        try await Self.withPopulatedServer { server, products, _ in
            let daemon = try await server.home.store.createToken(group: .daemon, name: "daemon-prod").secret
            let browser = PortalBrowser(base: server.base)
            _ = try await browser.signIn(token: server.adminToken)
            // products[0] runs in prod after the rollback; it rolls out, then fails.
            @Sendable func report(_ state: String, available: Int, reason: String = "") async throws {
                let body = #"{"name":"product","namespace":"prod","resourceType":"Deployment","artifactId":"\#(products[0])","environment":"prod","state":"\#(state)","availablePods":\#(available),"replicas":2,"reason":"\#(reason)","message":"ReplicaSet has timed out progressing."}"#
                let answer = try await server.request("POST", "/webhook/daemon/k8s/rollout", token: daemon, body: body)
                #expect(answer.status == 200, "\(answer.body)")
            }
            try await report("progressing", available: 1)
            let service = try await browser.get("/services/product")
            #expect(service.body.contains(#"data-cluster="product/prod""#))
            #expect(service.body.contains("rolling out 1/2"))
            #expect(service.body.contains("Deployment product rolling out \(products[0]): 1/2 pods available"))
            #expect(service.body.contains(#"data-cluster="product/dev" title="No cluster daemon reports for dev.">no cluster report"#))
            let environment = try await browser.get("/environments/prod")
            #expect(environment.body.contains("rolling out 1/2"))
            #expect(!(try await browser.get("/").body.contains("Failing rollouts")))

            let seen = try await browser.readEvents(from: "/events/releases", until: "ProgressDeadlineExceeded") {
                try await report("failed", available: 1, reason: "ProgressDeadlineExceeded")
            }
            #expect(seen.contains("event: cluster"))
            #expect(seen.contains(#""key":"product/prod""#))
            let home = try await browser.get("/")
            #expect(home.body.contains("Failing rollouts"))
            #expect(home.body.contains("failed: ProgressDeadlineExceeded"))

            // What Flux applied changes the badges of the whole environment, live too.
            let flux = try await browser.readEvents(from: "/events/releases", until: "Flux revision main@sha1:0123456789ab") {
                let body = #"{"name":"apps","namespace":"flux-system","environment":"prod","ready":true,"reason":"ReconciliationSucceeded","lastAppliedRevision":"main@sha1:0123456789ab"}"#
                let answer = try await server.request("POST", "/webhook/daemon/flux/kustomization", token: daemon, body: body)
                #expect(answer.status == 200, "\(answer.body)")
            }
            #expect(flux.contains(#""key":"product/prod""#))
        }
    }
}
