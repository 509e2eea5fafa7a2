import Foundation
@testable import MoonbaseServer
import Testing

/// Every route the router knows refuses a request without a token and one with a wrong token,
/// except the few that are public by design. New routes are covered without listing them.
@Suite struct RouteAuthenticationTests {
    /// Routes that need no bearer token, and why.
    static let publicRoutes: Set<String> = [
        "GET /ping",  // liveness probe
        "GET /metrics",  // Prometheus scrape (spec §1.2)
        "GET /openapi.yaml",  // the API's description
        "POST /oauth/v1/token",  // authenticates with the OAuth client's id and secret instead
        "PUT /artifacts/upload/{capability}",  // the signed upload URL is the credential
        "POST /webhook/github",  // authenticated by the HMAC signature instead
    ]

    @Test func everyOtherRouteRefusesAMissingOrWrongToken() async throws {
        let server = try await RunningServer.start()
        let routes = try MoonbaseServer(home: server.home).makeRouter().routes
        #expect(routes.count > 5)
        for route in routes where !Self.publicRoutes.contains("\(route.method) \(route.path)") && !PortalRouteList.isPortal(route.path.description) {
            let path = route.path.description.replacing(/\{[^}]*\}/, with: "x")
            let missing = try await server.request(route.method.rawValue, path, body: route.method == .get ? nil : "{}")
            #expect(missing.status == 401, "\(route) without a token answered \(missing.status)")
            let wrong = try await server.request(route.method.rawValue, path, token: "mbt_wrong", body: route.method == .get ? nil : "{}")
            #expect(wrong.status == 401, "\(route) with a wrong token answered \(wrong.status)")
            #expect(wrong.body == #"{"status":401,"message":"please provide a valid authentication token"}"# + "\n")
        }
        await server.stop()
    }
}

/// The portal's routes, which answer browsers (a redirect to sign in, not a 401).
enum PortalRouteList {
    static let sections: Set<String> = [
        "", "search", "catalog", "services", "environments", "squads", "plans", "delivery", "audit", "notifications", "sign-in", "sign-out", "portal", "events",
    ]

    static func isPortal(_ path: String) -> Bool {
        sections.contains(path.split(separator: "/").first.map(String.init) ?? "")
    }
}

@Suite struct PortalRouteAuthenticationTests {
    /// Portal routes anybody may load: the sign-in form and the style and script files.
    static let open: Set<String> = ["GET /sign-in", "POST /sign-in", "GET /portal/portal.css", "GET /portal/portal.js", "POST /sign-out"]

    @Test func everyPortalRouteSendsSignedOutVisitorsToSignIn() async throws {
        let server = try await RunningServer.start()
        let routes = try MoonbaseServer(home: server.home).makeRouter().routes.filter { PortalRouteList.isPortal($0.path.description) }
        #expect(routes.count >= 15)
        let browser = PortalBrowser(base: server.base)
        for route in routes where !Self.open.contains("\(route.method) \(route.path)") {
            let path = route.path.description.replacing(/\{[^}]*\}/, with: "x")
            let page = route.method == .get ? try await browser.get(path) : try await browser.post(path, [("csrf", "x")])
            if path == "/events/releases" {
                #expect(page.status == 401)
            } else {
                #expect(page.status == 303, "\(route) answered \(page.status)")
                #expect(page.location?.hasPrefix("/sign-in?next=") == true, "\(route)")
            }
        }
        await server.stop()
    }
}
