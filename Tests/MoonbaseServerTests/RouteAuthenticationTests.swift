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
        let routes = MoonbaseServer(home: server.home).makeRouter().routes
        #expect(routes.count > 5)
        for route in routes where !Self.publicRoutes.contains("\(route.method) \(route.path)") {
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
