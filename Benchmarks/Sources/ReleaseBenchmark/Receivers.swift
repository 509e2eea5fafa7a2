import Foundation
import TestSupport

/// Up to five receivers on loopback, configured in the home's moonbase.yaml, in this order: a
/// webhook, Slack, Grafana, a second and a third webhook.
struct Receivers {
    var webhooks: [FakeWebhookReceiver] = []
    var slack: FakeSlackAPI?
    var grafana: FakeGrafanaAPI?

    static func start(count: Int, home: URL) async throws -> Receivers {
        precondition((0...5).contains(count), "--receivers takes 0 to 5")
        var receivers = Receivers()
        guard count > 0 else { return receivers }
        var yaml = "notifications:\n  webhooks:\n"
        for index in 0..<max(1, count - 2) {
            let webhook = FakeWebhookReceiver(secret: "bench-\(index)")
            let url = try await webhook.start()
            receivers.webhooks.append(webhook)
            yaml += "    - {name: hook-\(index), url: \"\(url.absoluteString)\", secret: bench-\(index), events: [released]}\n"
        }
        if count >= 2 {
            let slack = FakeSlackAPI()
            slack.addUser(email: "alice@example.com", id: "U0ALICE")
            let url = try await slack.start()
            receivers.slack = slack
            yaml += "  slack: {token: \(slack.token), apiURL: \"\(url.absoluteString)\"}\n"
        }
        if count >= 3 {
            let grafana = FakeGrafanaAPI(apiKey: "bench")
            let url = try await grafana.start()
            receivers.grafana = grafana
            yaml += "  grafana:\n    dev: {url: \"\(url.absoluteString)\", apiKey: bench}\n    staging: {url: \"\(url.absoluteString)\", apiKey: bench}\n"
        }
        try Data(yaml.utf8).write(to: home.appendingPathComponent("moonbase.yaml"))
        return receivers
    }

    /// Waits until every receiver has every release's notifications; returns how many.
    func waitForAll(releases: Int) async throws -> Int {
        for webhook in webhooks { _ = try await webhook.waitForEvents(count: releases, timeout: .seconds(600)) }
        // #releases-<env>, the squad's channel and the author's direct message.
        if let slack { _ = try await slack.waitForMessages(count: 3 * releases, timeout: .seconds(600)) }
        if let grafana { _ = try await grafana.waitForAnnotations(count: releases, timeout: .seconds(600)) }
        return webhooks.count * releases + (slack == nil ? 0 : 3 * releases) + (grafana == nil ? 0 : releases)
    }

    func stop() async {
        for webhook in webhooks { await webhook.stop() }
        await slack?.stop()
        await grafana?.stop()
    }
}
