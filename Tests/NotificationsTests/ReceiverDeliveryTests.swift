import Foundation
import MoonbaseStore
import Notifications
import ReleaseModel
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(2))) struct SlackDeliveryTests {
    static func slack(_ url: URL, token: String, configure: (inout SlackSettings) -> Void = { _ in }) -> SlackReceiver {
        var settings = SlackSettings(token: token)
        settings.apiURL = url
        settings.emailSuffix = "@lunar.app"
        configure(&settings)
        return SlackReceiver(settings, http: OutboundHTTP(timeout: 5))
    }

    @Test func aReleaseGoesToTheEnvironmentTheSquadAndTheAuthor() async throws {
        let fixture = try OutboxFixture()
        let api = FakeSlackAPI()
        let url = try await api.start()
        defer { Task { await api.stop() } }
        api.addUser(email: "jane@lunar.app", id: "U0JANE")
        let release = OutboxFixture.released()
        try await fixture.write([release])
        let deliveries = try await fixture.running(fixture.dispatcher([Self.slack(url, token: api.token)])) {
            try await fixture.waitUntilSettled("slack")
        }
        #expect(deliveries.map(\.target) == ["#releases-prod", "#squad-money-releases-prod", "@jane@lunar.app"])
        #expect(deliveries.allSatisfy { $0.state == .delivered }, "\(deliveries.map(\.answer))")
        let channel = try #require(api.messages(in: "#releases-prod").first)
        #expect(channel.attachmentValues("title") == ["payments (master-1234abcd-1)"])
        #expect(channel.attachmentValues("color") == ["#73BF69"])
        #expect(channel.attachmentValues("text") == ["*Author:* Jane Doe, *Releaser:* Bob Builder\n*Message:* _Add the payment reminder_"])
        #expect(channel.attachmentValues("title_link") == ["https://github.com/lunarway/payments/commit/1234abcd5678ef901234abcd5678ef9012345678"])
        #expect(api.messages(in: "#squad-money-releases-prod").count == 1)
        let direct = try #require(api.messages.first { $0.channel == "U0JANE" })
        #expect(direct.attachmentValues("title") == [":rocket: Release Manager :white_check_mark:"])
        #expect(direct.attachmentValues("text").first?.hasPrefix("Release for *payments* in prod processed") == true)
        // Every call carried the bot token.
        #expect(api.requests.allSatisfy { $0.header("Authorization") == "Bearer \(api.token)" })
        #expect(api.requests.contains { $0.path == "/api/users.lookupByEmail" && $0.query["email"] == "jane@lunar.app" })
    }

    @Test func theClusterReportUpdatesTheReleaseMessage() async throws {
        let fixture = try OutboxFixture()
        let api = FakeSlackAPI()
        let url = try await api.start()
        defer { Task { await api.stop() } }
        api.addUser(email: "jane@lunar.app", id: "U0JANE")
        let releaseID = UUID().uuidString.lowercased()
        try await fixture.write([OutboxFixture.released(releaseID: releaseID), OutboxFixture.rollout(.rolloutSucceeded, releaseID: releaseID)])
        let deliveries = try await fixture.running(fixture.dispatcher([Self.slack(url, token: api.token)])) {
            try await fixture.waitUntilSettled("slack")
        }
        #expect(deliveries.allSatisfy { $0.state == .delivered }, "\(deliveries.map(\.answer))")
        let message = try #require(api.messages(in: "#releases-prod").first)
        #expect(message.updates == 1)
        #expect(message.attachmentsJSON?.contains("running 3/3 pods") == true)
        #expect(api.requests.contains { $0.path == "/api/chat.update" })
        let direct = api.messages.filter { $0.channel == "U0JANE" }
        #expect(direct.map { $0.attachmentValues("title") } == [[":rocket: Release Manager :white_check_mark:"], [":kubernetes: k8s (prod) :white_check_mark:"]])
    }

    @Test func mutedEventsAndForeignEmailsAreNotSent() async throws {
        let receiver = Self.slack(URL(string: "http://127.0.0.1:1")!, token: "xoxb-1") { settings in
            settings.mute = [SlackMute("dev")!, SlackMute("rollout.succeeded")!, SlackMute("released@staging")!]
            settings.squads = ["money": .init(releases: "#money-{env}", alerts: "#money-alerts")]
        }
        #expect(receiver.targets(for: OutboxFixture.released(environment: "dev")).isEmpty)
        #expect(receiver.targets(for: OutboxFixture.released(environment: "staging")).isEmpty)
        #expect(receiver.targets(for: OutboxFixture.rollout(.rolloutSucceeded, releaseID: "r")).isEmpty)
        #expect(receiver.targets(for: OutboxFixture.released()) == ["#releases-prod", "#money-prod", "@jane@lunar.app"])
        #expect(receiver.targets(for: OutboxFixture.rollout(.rolloutFailed, releaseID: "r"))
            == ["update:#releases-prod", "#money-prod", "#money-alerts", "@jane@lunar.app"])
        var outsider = OutboxFixture.artifact()
        outsider.author = Person(name: "Ext", email: "ext@example.com")
        #expect(receiver.targets(for: OutboxFixture.released(artifact: outsider)) == ["#releases-prod", "#money-prod"])
        // A pod names its alert channel, or none (`runtime-alerts: "false"`); the squad's override
        // replaces only the default.
        var podError = OutboxFixture.rollout(.rolloutFailed, releaseID: "r")
        podError.type = .podError
        podError.data.alertChannel = "#squad-money-alerts"
        #expect(receiver.targets(for: podError).contains("#money-alerts"))
        podError.data.alertChannel = "#payments-oncall"
        #expect(receiver.targets(for: podError).contains("#payments-oncall"))
        podError.data.alertChannel = nil
        #expect(receiver.targets(for: podError) == ["#money-prod", "@jane@lunar.app"])
        let mapped = Self.slack(URL(string: "http://127.0.0.1:1")!, token: "xoxb-1") { $0.userMappings = ["ext@example.com": "ext@lunar.app"] }
        #expect(mapped.targets(for: OutboxFixture.released(artifact: outsider)).last == "@ext@lunar.app")
    }

    @Test func slackErrorsAreRetriedOrRefusedAsSlackMeansThem() async throws {
        let fixture = try OutboxFixture()
        let api = FakeSlackAPI()
        let url = try await api.start()
        defer { Task { await api.stop() } }
        api.markChannelUnknown("#squad-money-releases-prod")
        api.mode = .rateLimited(retryAfter: 0)
        try await fixture.write([OutboxFixture.released()])
        let deliveries = try await fixture.running(fixture.dispatcher([Self.slack(url, token: api.token)])) {
            _ = try await api.waitForRequests(count: 2, timeout: .seconds(10))
            api.mode = .healthy
            return try await fixture.waitUntilSettled("slack")
        }
        let byTarget = Dictionary(uniqueKeysWithValues: deliveries.map { ($0.target, $0) })
        #expect(byTarget["#releases-prod"]?.state == .delivered)
        #expect(byTarget["#releases-prod"].map { $0.attempts >= 2 } == true)
        #expect(byTarget["#squad-money-releases-prod"]?.state == .dead)
        #expect(byTarget["#squad-money-releases-prod"]?.answer == "chat.postMessage: channel_not_found")
        // Jane is not in this workspace.
        #expect(byTarget["@jane@lunar.app"]?.answer == "users.lookupByEmail jane@lunar.app: users_not_found")
    }

    @Test func aWrongTokenIsDeadLetteredWithSlacksAnswer() async throws {
        let fixture = try OutboxFixture()
        let api = FakeSlackAPI()
        let url = try await api.start()
        defer { Task { await api.stop() } }
        try await fixture.write([OutboxFixture.released()])
        let deliveries = try await fixture.running(fixture.dispatcher([Self.slack(url, token: "xoxb-wrong")])) {
            try await fixture.waitUntilSettled("slack")
        }
        #expect(deliveries.allSatisfy { $0.state == .dead })
        #expect(deliveries.first?.answer == "chat.postMessage: invalid_auth")
        #expect(!deliveries.contains { $0.answer.contains("xoxb-wrong") })
    }
}

@Suite(.timeLimit(.minutes(2))) struct GrafanaAndGitHubDeliveryTests {
    @Test func aReleaseAnnotatesItsEnvironmentsGrafana() async throws {
        let fixture = try OutboxFixture()
        let grafana = FakeGrafanaAPI(apiKey: "glsa_prod")
        let url = try await grafana.start()
        defer { Task { await grafana.stop() } }
        let at = Date(timeIntervalSince1970: 1_765_000_000)
        try await fixture.write([OutboxFixture.released(environment: "prod", at: at), OutboxFixture.released(environment: "dev")])
        let receiver = GrafanaReceiver(["prod": GrafanaSettings(url: url, apiKey: "glsa_prod")], http: OutboundHTTP(timeout: 5))
        let deliveries = try await fixture.running(fixture.dispatcher([receiver])) { try await fixture.waitUntilSettled("grafana") }
        #expect(deliveries.map(\.target) == ["prod"])
        #expect(deliveries.map(\.state) == [.delivered])
        let request = try #require(grafana.requests.first)
        #expect(request.path == "/api/annotations/graphite")
        #expect(request.header("Authorization") == "Bearer glsa_prod")
        #expect(request.json?["what"]?.textValue == "Deployment: payments")
        #expect(request.json?["tags"]?.arrayValue?.compactMap(\.textValue) == ["deployment", "payments", "prod"])
        #expect(request.json?["data"]?.textValue == "<br>Author: Jane Doe<br>Message: Add the payment reminder<br>ArtifactID: master-1234abcd-1")
        #expect(request.json?["when"]?.intValue == 1_765_000_000)
        #expect(grafana.annotations.count == 1)
    }

    @Test func aReleaseTagsTheCommitAndRecordsADeploymentThatTheRolloutCompletes() async throws {
        let fixture = try OutboxFixture()
        let github = FakeGitHubAPI()
        let url = try await github.start()
        defer { Task { await github.stop() } }
        github.addRepository(owner: "lunarway", name: "payments")
        let first = OutboxFixture.artifact(id: "master-1111111-1", sha: "1111111111111111111111111111111111111111")
        let second = OutboxFixture.artifact(id: "master-2222222-2", sha: "2222222222222222222222222222222222222222")
        github.setRef(owner: "lunarway", repo: "payments", ref: "refs/heads/master", sha: first.sha)
        let releaseID = UUID().uuidString.lowercased()
        try await fixture.write([
            OutboxFixture.released(releaseID: "one", artifact: first),
            OutboxFixture.released(releaseID: releaseID, artifact: second),
            OutboxFixture.rollout(.rolloutSucceeded, releaseID: releaseID, artifact: second),
        ])
        var settings = GitHubSettings(token: github.token)
        settings.apiURL = url
        let receiver = GitHubReceiver(settings, http: OutboundHTTP(timeout: 5))
        let deliveries = try await fixture.running(fixture.dispatcher([receiver])) { try await fixture.waitUntilSettled("github") }
        #expect(deliveries.allSatisfy { $0.state == .delivered }, "\(deliveries.map(\.answer))")
        #expect(deliveries.map(\.target) == ["tag:prod", "deployment:prod", "tag:prod", "deployment:prod", "status:prod"])
        // The second release moved the tag.
        #expect(github.tags(owner: "lunarway", repo: "payments")["prod"] == second.sha)
        let deployments = github.deployments(owner: "lunarway", repo: "payments")
        #expect(deployments.count == 2)
        let latest = try #require(deployments.first { $0.sha == second.sha })
        #expect(latest.environment == "prod")
        #expect(latest.statuses.map(\.state) == ["in_progress", "success"])
        #expect(latest.statuses.last?.description == "running: 3/3 pods")
        #expect(github.requests.allSatisfy { $0.header("Authorization") == "Bearer \(github.token)" })
    }

    @Test func aRetriedDeploymentIsNotCreatedTwice() async throws {
        let fixture = try OutboxFixture()
        let github = FakeGitHubAPI()
        let url = try await github.start()
        defer { Task { await github.stop() } }
        github.addRepository(owner: "lunarway", name: "payments")
        let artifact = OutboxFixture.artifact()
        github.setRef(owner: "lunarway", repo: "payments", ref: "refs/heads/master", sha: artifact.sha)
        let event = OutboxFixture.released(artifact: artifact)
        try await fixture.write([event])
        var settings = GitHubSettings(token: github.token)
        settings.apiURL = url
        let receiver = GitHubReceiver(settings, http: OutboundHTTP(timeout: 5))
        try await fixture.running(fixture.dispatcher([receiver])) { _ = try await fixture.waitUntilSettled("github") }
        // As if the answer had been lost: the same delivery again.
        let delivery = try #require(try await fixture.store.deliveries(DeliveryFilter(receiver: "github"), limit: 10, offset: 0).first { $0.target == "deployment:prod" })
        let context = DeliveryContext(source: "https://moonbase.example.com") { _, _ in nil }
        #expect(await receiver.deliver(delivery, context: context) == .delivered(answer: delivery.answer))
        #expect(github.deployments(owner: "lunarway", repo: "payments").count == 1)
    }

    @Test func artifactsFromElsewhereAreLeftAlone() {
        let receiver = GitHubReceiver(GitHubSettings(token: "t"), http: OutboundHTTP())
        var bitbucket = OutboxFixture.artifact()
        bitbucket.provider = "bitbucket"
        bitbucket.repositoryURL = "https://bitbucket.org/lunarway/payments"
        #expect(receiver.targets(for: OutboxFixture.released(artifact: bitbucket)).isEmpty)
        var scp = OutboxFixture.artifact()
        scp.repositoryURL = "git@github.com:lunarway/payments.git"
        #expect(receiver.targets(for: OutboxFixture.released(artifact: scp)) == ["tag:prod", "deployment:prod"])
    }
}
