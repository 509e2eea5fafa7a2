import Foundation
import MoonbaseServer
import MoonbaseStore
import Notifications
import ReleaseModel
import TestSupport
import Testing

/// The platform team's `/notifications` page: each receiver's numbers, the deliveries with the
/// receiver's answers, and (for admins) retrying dead ones.
@Suite(.timeLimit(.minutes(2))) struct NotificationPortalTests {
    @Test func thePageShowsReceiversAndDeliveriesAndAdminsRetryDeadOnes() async throws {
        let receiver = FakeWebhookReceiver(secret: "the-receivers-secret")
        let url = try await receiver.start()
        defer { Task { await receiver.stop() } }
        try await withRunningServer(configure: { configuration in
            configuration.notifications.webhooks = [WebhookSettings(name: "audit", url: url, secret: "a-wrong-secret")]
        }) { server in
            let id = try await PortalRouteTests.storeArtifact("product", squad: "nasa", sha: "aaaaaaaaaaaa", on: server)
            try await PortalRouteTests.api(
                server, "/release", #"{"service":"product","environment":"dev","artifactId":"\#(id)","intent":{"type":"ReleaseArtifact"}}"#)
            // The receiver refuses the signature: the delivery is dead at once.
            var dead: [NotificationDelivery] = []
            for _ in 0..<200 where dead.isEmpty {
                dead = try await server.home.store.deliveries(DeliveryFilter(state: .dead), limit: 10, offset: 0)
                if dead.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            }
            let delivery = try #require(dead.first)

            let hamctl = try await server.home.store.createToken(group: .hamctl, name: "dev").secret
            let developer = PortalBrowser(base: server.base)
            _ = try await developer.signIn(token: hamctl)
            let page = try await developer.get("/notifications?state=dead")
            #expect(page.status == 200)
            #expect(page.body.contains("<a href=\"/notifications?receiver=audit\">audit</a>"))
            #expect(page.body.contains("<code title=\"\(delivery.event.id)\">released</code>"))
            #expect(page.body.contains("HTTP 401"))
            #expect(!page.body.contains("action=\"/notifications/retry\""), "only admins see the retry buttons")
            let csrf = try #require(page.hiddenInput("csrf"))
            let refused = try await developer.post("/notifications/retry", [("csrf", csrf), ("delivery", String(delivery.id))])
            #expect(refused.status == 403)

            let admin = PortalBrowser(base: server.base)
            _ = try await admin.signIn(token: server.adminToken)
            let adminPage = try await admin.get("/notifications")
            #expect(adminPage.body.contains("action=\"/notifications/retry\""))
            let adminCSRF = try #require(adminPage.hiddenInput("csrf"))
            let forged = try await admin.post("/notifications/retry", [("csrf", "forged"), ("delivery", String(delivery.id))])
            #expect(forged.status == 403)
            let retried = try await admin.post("/notifications/retry", [("csrf", adminCSRF), ("delivery", String(delivery.id))])
            #expect(retried.status == 303)
            #expect(retried.location == "/notifications")
            _ = try await receiver.waitForRequests(count: 2, timeout: .seconds(10))
            let audit = try await server.home.store.auditLog(limit: 5, offset: 0)
            #expect(audit.contains { $0.action == "notifications.retry" })
            let bad = try await admin.get("/notifications?state=lost")
            #expect(bad.status == 400)
        }
    }
}
