import Foundation

extension NotificationSettings {
    /// The receivers these settings configure: Slack, each webhook, Grafana and GitHub.
    public func receivers(http: OutboundHTTP) -> [any NotificationReceiver] {
        var receivers: [any NotificationReceiver] = []
        if let slack { receivers.append(SlackReceiver(slack, http: http)) }
        receivers += webhooks.map { WebhookReceiver($0, http: http) }
        if !grafana.isEmpty { receivers.append(GrafanaReceiver(grafana, http: http)) }
        if let github { receivers.append(GitHubReceiver(github, http: http)) }
        return receivers
    }
}
