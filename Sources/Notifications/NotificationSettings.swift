import Foundation
import ReleaseModel

/// Who is told what: the `notifications:` section of `moonbase.yaml`. Nothing configured sends
/// nothing.
public struct NotificationSettings: Sendable, Hashable {
    public var slack: SlackSettings?
    public var webhooks: [WebhookSettings] = []
    /// Grafana per environment: a release annotates that environment's Grafana.
    public var grafana: [String: GrafanaSettings] = [:]
    public var github: GitHubSettings?
    /// How failing deliveries are retried, and for how long before they are dead-lettered.
    public var retry = RetrySchedule()
    /// How long one request to a receiver may take.
    public var requestTimeout: TimeInterval = 10

    public init() {}

    /// Whether any receiver is configured.
    public var isEmpty: Bool { slack == nil && webhooks.isEmpty && grafana.isEmpty && github == nil }
}

public struct SlackSettings: Sendable, Hashable {
    /// The bot token (`xoxb-…`), sent as `Authorization: Bearer`.
    public var token: String
    public var apiURL = URL(string: "https://slack.com/api")!
    /// Authors are looked up in Slack only when their email ends with this (e.g.
    /// `@lunar.app`), or is mapped in ``userMappings``; empty accepts every email.
    public var emailSuffix = ""
    /// Commit emails to Slack emails (`jane@users.noreply.github.com` → `jane@lunar.app`).
    public var userMappings: [String: String] = [:]
    /// What not to send.
    public var mute: [SlackMute] = []
    /// Per squad, channels that replace the reference's names.
    public var squads: [String: SquadChannels] = [:]

    public init(token: String) {
        self.token = token
    }

    public struct SquadChannels: Sendable, Hashable {
        /// Replaces `#squad-<squad>-releases-<env>`; `{env}` in it is the environment.
        public var releases: String?
        /// Replaces the alert channel the daemon names (`#squad-<squad>-alerts`).
        public var alerts: String?

        public init(releases: String? = nil, alerts: String? = nil) {
            self.releases = releases
            self.alerts = alerts
        }
    }
}

/// One muting rule: an event type everywhere, everything in an environment, or one event
/// type in one environment (`pod.error`, `dev`, `rollout.succeeded@prod`).
public struct SlackMute: Sendable, Hashable, CustomStringConvertible {
    public var type: NotificationType?
    public var environment: String?

    public init(type: NotificationType?, environment: String?) {
        self.type = type
        self.environment = environment
    }

    /// Parses a rule: an event type, else an environment's name, or `<type>@<environment>`;
    /// nil when a type is not a known one. (Environments are checked against the configured
    /// ones by the caller.)
    public init?(_ text: String) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1 where !text.isEmpty:
            if let type = NotificationType(rawValue: text) {
                self.init(type: type, environment: nil)
            } else {
                self.init(type: nil, environment: text)
            }
        case 2 where !parts[1].isEmpty:
            guard let type = NotificationType(rawValue: parts[0]) else { return nil }
            self.init(type: type, environment: parts[1])
        default:
            return nil
        }
    }

    public func mutes(_ type: NotificationType, environment: String?) -> Bool {
        (self.type == nil || self.type == type) && (self.environment == nil || self.environment == environment)
    }

    public var description: String {
        switch (type, environment) {
        case (let type?, let environment?): "\(type.rawValue)@\(environment)"
        case (let type?, nil): type.rawValue
        case (nil, let environment?): environment
        case (nil, nil): "*"
        }
    }
}

public struct WebhookSettings: Sendable, Hashable {
    /// Names the receiver in listings and metrics (`webhook-<n>` when not given).
    public var name: String
    public var url: URL
    /// Signs each body (`X-Moonbase-Signature`).
    public var secret: String
    /// The types it wants; empty is all.
    public var events: Set<NotificationType> = []
    /// The environments it wants; empty is all. Events without an environment (policy
    /// changes, new artifacts) are sent whatever this says.
    public var environments: Set<String> = []

    public init(name: String, url: URL, secret: String) {
        self.name = name
        self.url = url
        self.secret = secret
    }
}

public struct GrafanaSettings: Sendable, Hashable {
    public var url: URL
    /// Sent as `Authorization: Bearer` (an API key or a service account token).
    public var apiKey: String

    public init(url: URL, apiKey: String) {
        self.url = url
        self.apiKey = apiKey
    }
}

public struct GitHubSettings: Sendable, Hashable {
    public var token: String
    public var apiURL = URL(string: "https://api.github.com")!

    public init(token: String) {
        self.token = token
    }
}
