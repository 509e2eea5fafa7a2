import Foundation
import TestSupport
import Testing

/// Notifications from a real `moonbase serve` to local stand-ins of Slack, GitHub, Grafana and
/// a webhook receiver, each speaking its system's wire format.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(3))) struct NotificationCommandTests {
    static let sha = "0123456789abcdef0123456789abcdef01234567"

    @Test func aReleaseReachesEveryReceiverWithExactlyTheExpectedRequests() async throws {
        let slack = FakeSlackAPI()
        let webhook = FakeWebhookReceiver(secret: "whsec-e2e")
        let refusing = FakeWebhookReceiver(secret: "another-secret")
        let grafana = FakeGrafanaAPI(apiKey: "glsa-prod")
        let github = FakeGitHubAPI()
        let slackURL = try await slack.start()
        let webhookURL = try await webhook.start()
        let refusingURL = try await refusing.start()
        let grafanaURL = try await grafana.start()
        let githubURL = try await github.start()
        defer { Task { await slack.stop(); await webhook.stop(); await refusing.stop(); await grafana.stop(); await github.stop() } }
        slack.addUser(email: "jane@example.com", id: "U0JANE")
        github.addRepository(owner: "lunarway", name: "payments")
        github.setRef(owner: "lunarway", repo: "payments", ref: "refs/heads/master", sha: Self.sha)

        let fixture = try await ReleaseManagerFixture.start(config: """
            notifications:
              slack: {token: \(slack.token), apiURL: "\(slackURL.absoluteString)", emailSuffix: "@example.com"}
              webhooks:
                - {name: audit, url: "\(webhookURL.absoluteString)/moonbase", secret: whsec-e2e}
                - {name: strict, url: "\(refusingURL.absoluteString)/moonbase", secret: not-the-receivers, events: [released]}
              grafana:
                prod: {url: "\(grafanaURL.absoluteString)", apiKey: glsa-prod}
              github: {token: \(github.token), apiURL: "\(githubURL.absoluteString)"}
              retry: {firstDelay: 100ms, maxDelay: 500ms}

            """)
        defer { fixture.stop() }
        let id = try await fixture.pushArtifact(
            service: "payments", branch: "master", sha: Self.sha, message: "Pay on time", repositoryURL: "https://github.com/lunarway/payments",
            provider: "GitHub")
        let released = try await fixture.hamctl(["release", "--service", "payments", "--artifact", id, "--env", "prod"])
        #expect(released.status == 0, "\(released.stderr)")

        let events = try await webhook.waitForEvents(count: 2, timeout: .seconds(30))
        #expect(events.map(\.type) == ["artifact.created", "released"])
        #expect(events[1].subject == "payments/prod")
        #expect(events[1].source == fixture.url)
        #expect(events[1].data?["artifact"]?["sha"]?.textValue == Self.sha)

        let messages = try await slack.waitForMessages(count: 3, timeout: .seconds(30))
        #expect(Set(messages.map(\.channel)) == ["#releases-prod", "#squad-money-releases-prod", "U0JANE"])
        _ = try await grafana.waitForAnnotations(count: 1, timeout: .seconds(30))
        _ = try await github.waitForDeployments(count: 1, withStatuses: 1, owner: "lunarway", repo: "payments", timeout: .seconds(30))
        #expect(github.tags(owner: "lunarway", repo: "payments")["prod"] == Self.sha)

        // The refusing webhook's 401 leaves a dead delivery the CLI lists and revives.
        _ = try await refusing.waitForRequests(count: 1, timeout: .seconds(30))
        let dead = try await waitForDeadDelivery(fixture, receiver: "strict")
        #expect(dead.contains("HTTP 401"))
        let retried = try await runProcess(
            MoonbaseCommandTests.moonbase, ["notifications", "retry", "--home", fixture.home, "--all", "--receiver", "strict"], in: fixture.root.path)
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(retried.stdout == "1 delivery will be retried\n")
        _ = try await refusing.waitForRequests(count: 2, timeout: .seconds(30))

        // Exactly what each system needs, nothing twice.
        let slackCalls = slack.requests.map(\.path).sorted()
        #expect(slackCalls == ["/api/chat.postMessage", "/api/chat.postMessage", "/api/chat.postMessage", "/api/users.lookupByEmail"])
        #expect(grafana.requests.count == 1)
        #expect(github.requests.map { "\($0.method) \($0.path)" } == [
            "POST /repos/lunarway/payments/git/refs", "GET /repos/lunarway/payments/deployments", "POST /repos/lunarway/payments/deployments",
            "POST /repos/lunarway/payments/deployments/1/statuses",
        ])
        #expect(webhook.duplicates.isEmpty)

        let listed = try await runProcess(MoonbaseCommandTests.moonbase, ["notifications", "list", "--home", fixture.home], in: fixture.root.path)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("audit\t0\t2\t0\t0\t"), "\(listed.stdout)")
        #expect(listed.stdout.contains("slack\t0\t3\t0\t0\t"), "\(listed.stdout)")
        // Tokens and secrets stay out of what the server logs and the CLI shows.
        for secret in [slack.token, github.token, "glsa-prod", "whsec-e2e"] {
            #expect(!fixture.server.output.contains(secret))
            #expect(!listed.stdout.contains(secret))
        }
    }

    @Test func aServerKilledBeforeDeliveringDeliversEverythingAfterRestartOncePerEvent() async throws {
        let webhook = FakeWebhookReceiver(secret: "whsec-kill")
        let webhookURL = try await webhook.start()
        defer { Task { await webhook.stop() } }
        webhook.mode = .stalled
        var fixture = try await ReleaseManagerFixture.start(config: """
            notifications:
              webhooks:
                - {name: audit, url: "\(webhookURL.absoluteString)/moonbase", secret: whsec-kill, events: [released]}
              retry: {firstDelay: 100ms, maxDelay: 500ms}

            """)
        defer { fixture.stop() }
        var releaseIDs: [String] = []
        for index in 0..<3 {
            let id = try await fixture.pushArtifact(service: "svc\(index)", branch: "master", sha: String(repeating: "\(index)", count: 12))
            let released = try await fixture.hamctl(["release", "--service", "svc\(index)", "--artifact", id, "--env", "dev"])
            #expect(released.status == 0, "\(released.stderr)")
            let state = try await fixture.server.request("GET", "/describe/release/svc\(index)/dev?count=1", token: fixture.adminToken)
            #expect(state.status == 200)
            releaseIDs.append(id)
        }
        // The first delivery is in flight, the others wait behind it: the server dies.
        _ = try await webhook.waitForRequests(count: 1, timeout: .seconds(30))
        fixture = try await fixture.killAndRestart()
        webhook.mode = .healthy

        let events = try await webhook.waitForEvents(count: 3, timeout: .seconds(60))
        #expect(events.map { $0.data?["service"]?.textValue } == ["svc0", "svc1", "svc2"])
        #expect(events.map { $0.data?["artifact"]?["id"]?.textValue } == releaseIDs)
        // At least once: only the event in flight when the server died may come again (the held
        // request is answered late, and the restarted server sends it anew), with its id.
        #expect(webhook.duplicates.allSatisfy { $0.id == events[0].id })
    }

    private func waitForDeadDelivery(_ fixture: ReleaseManagerFixture, receiver: String) async throws -> String {
        for _ in 0..<200 {
            let listed = try await runProcess(
                MoonbaseCommandTests.moonbase, ["notifications", "list", "--home", fixture.home, "--state", "dead", "--receiver", receiver],
                in: fixture.root.path)
            if let line = listed.stdout.split(separator: "\n").first(where: { $0.contains("\tdead\t\(receiver)\t") }) { return String(line) }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServeFailure(message: "no dead delivery to \(receiver)")
    }
}
