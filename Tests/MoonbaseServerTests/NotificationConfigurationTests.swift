import Foundation
@testable import MoonbaseServer
import Notifications
import ReleaseModel
import TestSupport
import Testing

@Suite struct NotificationConfigurationTests {
    static let complete = """
        environments: [dev, staging, prod]
        notifications:
          slack:
            token: xoxb-from-file
            apiURL: http://127.0.0.1:9/api
            emailSuffix: "@lunar.app"
            userMappings: {jane@users.noreply.github.com: jane@lunar.app}
            mute: [pod.error, dev, rollout.succeeded@prod]
            squads:
              money: {releases: "#money-{env}", alerts: "#money-alerts"}
          webhooks:
            - name: audit
              url: https://audit.example.com/moonbase
              secret: whsec-1
              events: [released, release.refused]
              environments: [prod]
            - url: https://other.example.com/hook
          grafana:
            prod: {url: https://grafana.example.com}
          github: {token: ghp-file, apiURL: https://github.example.com/api/v3}
          retry: {for: 12h, firstDelay: 2s, maxDelay: 1m}
          requestTimeout: 5s

        """

    @Test func theSectionIsReadWithSecretsFromTheEnvironment() throws {
        let folder = try TemporaryDirectory("moonbase-config")
        defer { folder.remove() }
        let file = try folder.write("moonbase.yaml", Self.complete)
        let configuration = try MoonbaseConfiguration.load(
            flags: ConfigurationFlags(config: file),
            environment: ["MOONBASE_WEBHOOK_SECRET_WEBHOOK_2": "whsec-2", "MOONBASE_GRAFANA_API_KEY_PROD": "glsa-env", "SLACK_TOKEN": "xoxb-env"])
        let notifications = configuration.notifications
        let slack = try #require(notifications.slack)
        #expect(slack.token == "xoxb-env")
        #expect(slack.apiURL.absoluteString == "http://127.0.0.1:9/api")
        #expect(slack.emailSuffix == "@lunar.app")
        #expect(slack.userMappings == ["jane@users.noreply.github.com": "jane@lunar.app"])
        #expect(slack.mute.map(\.description) == ["pod.error", "dev", "rollout.succeeded@prod"])
        #expect(slack.squads["money"] == SlackSettings.SquadChannels(releases: "#money-{env}", alerts: "#money-alerts"))
        #expect(notifications.webhooks.map(\.name) == ["audit", "webhook-2"])
        #expect(notifications.webhooks.map(\.secret) == ["whsec-1", "whsec-2"])
        #expect(notifications.webhooks[0].events == [.released, .releaseRefused])
        #expect(notifications.webhooks[0].environments == ["prod"])
        #expect(notifications.grafana["prod"]?.apiKey == "glsa-env")
        #expect(notifications.github?.apiURL.absoluteString == "https://github.example.com/api/v3")
        #expect(notifications.retry == RetrySchedule(firstDelay: 2, maximumDelay: 60, retryFor: 12 * 3600))
        #expect(notifications.requestTimeout == 5)
        #expect(notifications.receivers(http: OutboundHTTP()).map(\.name) == ["slack", "audit", "webhook-2", "grafana", "github"])
    }

    @Test func nothingConfiguredIsNothingSent() throws {
        let configuration = try MoonbaseConfiguration.load(environment: ["MOONBASE_HOME": "/nonexistent"])
        #expect(configuration.notifications.isEmpty)
        #expect(configuration.notifications.receivers(http: OutboundHTTP()).isEmpty)
    }

    @Test func tokensInTheEnvironmentAloneTurnSlackAndGitHubOn() throws {
        let configuration = try MoonbaseConfiguration.load(
            environment: ["MOONBASE_HOME": "/nonexistent", "SLACK_TOKEN": "xoxb-1", "GITHUB_API_TOKEN": "ghp-1"])
        #expect(configuration.notifications.slack?.token == "xoxb-1")
        #expect(configuration.notifications.slack?.apiURL.absoluteString == "https://slack.com/api")
        #expect(configuration.notifications.github?.apiURL.absoluteString == "https://api.github.com")
    }

    @Test func badSettingsNameTheKeyAndNeverShowSecrets() throws {
        let folder = try TemporaryDirectory("moonbase-config")
        defer { folder.remove() }
        let cases: [(String, String)] = [
            ("notifications:\n  slak: {}\n", ":2: unknown key 'notifications.slak'; allowed keys in 'notifications': slack, webhooks, grafana, github, retry, requestTimeout"),
            ("notifications:\n  slack:\n    token: xoxb-secret-value\n    channel: x\n", ":4: unknown key 'notifications.slack.channel'"),
            ("notifications:\n  webhooks:\n    - url: ftp://x\n      secret: s\n", ":3: notifications.webhooks[0].url must be an http(s) URL, got 'ftp://x'"),
            ("notifications:\n  webhooks:\n    - url: https://x\n      secret: s\n      events: [deployed]\n", ":5: notifications.webhooks[0].events has 'deployed', which is not an event type"),
            ("notifications:\n  webhooks:\n    - secret: s\n", ":3: notifications.webhooks[0].url is required"),
            ("notifications:\n  webhooks:\n    - {url: 'https://x'}\n", ": notifications.webhooks[0].secret is required: it signs every delivery (or set MOONBASE_WEBHOOK_SECRET_WEBHOOK_1)"),
            ("notifications:\n  webhooks:\n    - {url: 'https://x', secret: s, environments: [qa]}\n", ": notifications.webhooks[0].environments names environment 'qa'"),
            ("notifications:\n  grafana:\n    qa: {url: 'https://g', apiKey: k}\n", ": notifications.grafana names environment 'qa'"),
            ("notifications:\n  grafana:\n    prod: {apiKey: glsa-secret}\n", ":3: notifications.grafana.prod.url is required"),
            ("notifications:\n  slack: {token: xoxb-secret-value, mute: [qa]}\n", ": notifications.slack.mute has 'qa': 'qa' is neither an event type"),
            ("notifications:\n  slack: {token: xoxb-secret-value, mute: [deployed@prod]}\n", ":2: notifications.slack.mute has 'deployed@prod', which is not an event type"),
            ("notifications:\n  slack: {apiURL: 'https://slack.example.com/api'}\n", ": notifications.slack.token is required"),
            ("notifications:\n  retry: {for: forever}\n", ":2: notifications.retry.for must be a duration such as 30s, 5m or 24h, got 'forever'"),
        ]
        for (index, (text, expected)) in cases.enumerated() {
            let file = try folder.write("case\(index).yaml", "environments: [dev, prod]\n" + text)
            let error = try #require(throws: ConfigurationError.self) {
                try MoonbaseConfiguration.load(flags: ConfigurationFlags(config: file), environment: [:])
            }
            let message = error.message.replacingOccurrences(of: file, with: "")
            // Line numbers count the environments line the cases start with.
            let shifted = expected.replacing(/^:(\d+):/) { ":\(Int($0.output.1)! + 1):" }
            #expect(message.hasPrefix(shifted), "case \(index): \(message)")
            #expect(!message.contains("secret-value") && !message.contains("glsa-secret"), "case \(index) shows a secret: \(message)")
        }
    }
}
