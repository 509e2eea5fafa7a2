import Foundation
import GoCompat
import Notifications
import ReleaseModel
import Yams

extension MoonbaseConfiguration {
    /// Applies the `notifications:` section of `moonbase.yaml`, strictly (unknown keys and
    /// values of the wrong type are errors naming the file, the line and the key):
    ///
    /// ```yaml
    /// notifications:
    ///   slack:
    ///     token: xoxb-…                 # or SLACK_TOKEN
    ///     apiURL: https://slack.com/api
    ///     emailSuffix: "@lunar.app"
    ///     userMappings: {jane@users.noreply.github.com: jane@lunar.app}
    ///     mute: [pod.error, dev, rollout.succeeded@prod]
    ///     squads: {payments: {releases: "#payments-{env}", alerts: "#payments-alerts"}}
    ///   webhooks:
    ///     - {name: audit, url: https://audit.example.com/moonbase, secret: …, events: [released], environments: [prod]}
    ///   grafana:
    ///     prod: {url: https://grafana.example.com, apiKey: …}
    ///   github: {token: ghp_…, apiURL: https://api.github.com}
    ///   retry: {for: 24h, firstDelay: 1s, maxDelay: 5m}
    ///   requestTimeout: 10s
    /// ```
    mutating func applyNotifications(_ node: Node, path: String) throws(ConfigurationError) {
        let section = YAMLSection(path: path)
        for (key, value) in try section.mapping(node, name: "notifications", allowed: ["slack", "webhooks", "grafana", "github", "retry", "requestTimeout"]) {
            switch key {
            case "slack":
                var slack = notifications.slack ?? SlackSettings(token: "")
                for (key, item) in try section.mapping(value, name: "notifications.slack", allowed: ["token", "apiURL", "emailSuffix", "userMappings", "mute", "squads"]) {
                    let name = "notifications.slack.\(key)"
                    switch key {
                    case "token": slack.token = try section.string(item, name: name)
                    case "apiURL": slack.apiURL = try section.url(item, name: name)
                    case "emailSuffix": slack.emailSuffix = try section.string(item, name: name)
                    case "userMappings": slack.userMappings = try section.stringMap(item, name: name)
                    case "mute":
                        slack.mute = try section.strings(item, name: name).map { text throws(ConfigurationError) in
                            guard let rule = SlackMute(text) else {
                                throw section.error(item, "\(name) has '\(text)', which is not an event type, an environment or <event type>@<environment>; event types: \(Self.eventTypes)")
                            }
                            return rule
                        }
                    default:
                        slack.squads = [:]
                        for (squad, channels) in try section.mapping(item, name: name, allowed: nil) {
                            var settings = SlackSettings.SquadChannels()
                            for (key, channel) in try section.mapping(channels, name: "\(name).\(squad)", allowed: ["releases", "alerts"]) {
                                let text = try section.string(channel, name: "\(name).\(squad).\(key)")
                                guard text.hasPrefix("#") || text.hasPrefix("C") else {
                                    throw section.error(channel, "\(name).\(squad).\(key) must be a channel (#name, quoted in YAML, or a C… id), got '\(text)'")
                                }
                                if key == "releases" { settings.releases = text } else { settings.alerts = text }
                            }
                            slack.squads[squad] = settings
                        }
                    }
                }
                notifications.slack = slack
            case "webhooks":
                guard case .sequence(let items) = value else { throw section.error(value, "notifications.webhooks must be a list of webhooks") }
                notifications.webhooks = try items.enumerated().map { index, item throws(ConfigurationError) in
                    try webhook(item, index: index, section: section)
                }
            case "grafana":
                notifications.grafana = [:]
                for (environment, item) in try section.mapping(value, name: "notifications.grafana", allowed: nil) {
                    let name = "notifications.grafana.\(environment)"
                    var url: URL?
                    var apiKey = ""
                    for (key, field) in try section.mapping(item, name: name, allowed: ["url", "apiKey"]) {
                        if key == "url" { url = try section.url(field, name: "\(name).url") } else { apiKey = try section.string(field, name: "\(name).apiKey") }
                    }
                    guard let url else { throw section.error(item, "\(name).url is required (the Grafana to annotate, e.g. https://grafana.example.com)") }
                    notifications.grafana[environment] = GrafanaSettings(url: url, apiKey: apiKey)
                }
            case "github":
                var github = notifications.github ?? GitHubSettings(token: "")
                for (key, item) in try section.mapping(value, name: "notifications.github", allowed: ["token", "apiURL"]) {
                    if key == "token" { github.token = try section.string(item, name: "notifications.github.token") } else {
                        github.apiURL = try section.url(item, name: "notifications.github.apiURL")
                    }
                }
                notifications.github = github
            case "retry":
                for (key, item) in try section.mapping(value, name: "notifications.retry", allowed: ["for", "firstDelay", "maxDelay"]) {
                    let seconds = try section.duration(item, name: "notifications.retry.\(key)")
                    switch key {
                    case "for": notifications.retry.retryFor = seconds
                    case "firstDelay": notifications.retry.firstDelay = seconds
                    default: notifications.retry.maximumDelay = seconds
                    }
                }
            default:
                notifications.requestTimeout = try section.duration(value, name: "notifications.requestTimeout")
                guard notifications.requestTimeout > 0 else { throw section.error(value, "notifications.requestTimeout must be more than 0s") }
            }
        }
    }

    private func webhook(_ node: Node, index: Int, section: YAMLSection) throws(ConfigurationError) -> WebhookSettings {
        let name = "notifications.webhooks[\(index)]"
        var receiverName = "webhook-\(index + 1)"
        var url: URL?
        var secret = ""
        var events: Set<NotificationType> = []
        var environments: Set<String> = []
        for (key, item) in try section.mapping(node, name: name, allowed: ["name", "url", "secret", "events", "environments"]) {
            switch key {
            case "name":
                receiverName = try section.string(item, name: "\(name).name")
                guard !receiverName.isEmpty, receiverName.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
                      !["slack", "github", "grafana"].contains(receiverName)
                else {
                    throw section.error(item, "\(name).name must be letters, digits, - and _, and not slack, github or grafana; got '\(receiverName)'")
                }
            case "url": url = try section.url(item, name: "\(name).url")
            case "secret": secret = try section.string(item, name: "\(name).secret")
            case "events":
                events = Set(try section.strings(item, name: "\(name).events").map { text throws(ConfigurationError) in
                    guard let type = NotificationType(rawValue: text) else {
                        throw section.error(item, "\(name).events has '\(text)', which is not an event type; event types: \(Self.eventTypes)")
                    }
                    return type
                })
            default: environments = Set(try section.strings(item, name: "\(name).environments"))
            }
        }
        guard let url else { throw section.error(node, "\(name).url is required (where events are POSTed)") }
        var webhook = WebhookSettings(name: receiverName, url: url, secret: secret)
        webhook.events = events
        webhook.environments = environments
        return webhook
    }

    static var eventTypes: String { NotificationType.allCases.map(\.rawValue).joined(separator: ", ") }

    /// Secrets from the environment: `SLACK_TOKEN` (or `MOONBASE_SLACK_TOKEN`) and
    /// `MOONBASE_GITHUB_TOKEN` (or the reference's `GITHUB_API_TOKEN`) turn those receivers on;
    /// `MOONBASE_GRAFANA_API_KEY_<ENV>` and `MOONBASE_WEBHOOK_SECRET_<NAME>` (upper case, `-` as
    /// `_`) fill in the key and secret of a Grafana and a webhook configured in the file.
    mutating func applyNotificationSecrets(environment: [String: String]) {
        if let token = environment.nonEmpty("MOONBASE_SLACK_TOKEN") ?? environment.nonEmpty("SLACK_TOKEN") {
            if notifications.slack == nil { notifications.slack = SlackSettings(token: token) } else { notifications.slack?.token = token }
        }
        if let token = environment.nonEmpty("MOONBASE_GITHUB_TOKEN") ?? environment.nonEmpty("GITHUB_API_TOKEN") {
            if notifications.github == nil { notifications.github = GitHubSettings(token: token) } else { notifications.github?.token = token }
        }
        for environmentName in notifications.grafana.keys {
            if let key = environment.nonEmpty("MOONBASE_GRAFANA_API_KEY_\(Self.variableSuffix(environmentName))") {
                notifications.grafana[environmentName]?.apiKey = key
            }
        }
        for index in notifications.webhooks.indices {
            if let secret = environment.nonEmpty("MOONBASE_WEBHOOK_SECRET_\(Self.variableSuffix(notifications.webhooks[index].name))") {
                notifications.webhooks[index].secret = secret
            }
        }
    }

    static func variableSuffix(_ name: String) -> String {
        name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// What can only be checked once everything is read: secrets present, environments known,
    /// names unique.
    func checkNotifications() throws(ConfigurationError) {
        func unknown(_ environment: String, in key: String) -> ConfigurationError {
            ConfigurationError("\(key) names environment '\(environment)', which is not one of the environments (\(environments.joined(separator: ", ")))")
        }
        if let slack = notifications.slack {
            if slack.token.isEmpty { throw ConfigurationError("notifications.slack.token is required (a bot token xoxb-…; or set SLACK_TOKEN)") }
            for rule in slack.mute {
                if let environment = rule.environment, !environments.contains(environment) {
                    throw ConfigurationError("notifications.slack.mute has '\(rule)': '\(environment)' is neither an event type (\(Self.eventTypes)) nor one of the environments (\(environments.joined(separator: ", ")))")
                }
            }
        }
        var names: Set<String> = []
        for (index, webhook) in notifications.webhooks.enumerated() {
            let key = "notifications.webhooks[\(index)]"
            guard names.insert(Self.variableSuffix(webhook.name)).inserted else {
                throw ConfigurationError("\(key).name '\(webhook.name)' is used by another webhook (names differing only in case, - and _ share a secret variable)")
            }
            if webhook.secret.isEmpty {
                throw ConfigurationError("\(key).secret is required: it signs every delivery (or set MOONBASE_WEBHOOK_SECRET_\(Self.variableSuffix(webhook.name)))")
            }
            if let environment = webhook.environments.sorted().first(where: { !environments.contains($0) }) {
                throw unknown(environment, in: "\(key).environments")
            }
        }
        for (environment, grafana) in notifications.grafana.sorted(by: { $0.key < $1.key }) {
            guard environments.contains(environment) else { throw unknown(environment, in: "notifications.grafana") }
            if grafana.apiKey.isEmpty {
                throw ConfigurationError("notifications.grafana.\(environment).apiKey is required (or set MOONBASE_GRAFANA_API_KEY_\(Self.variableSuffix(environment)))")
            }
        }
        if let github = notifications.github, github.token.isEmpty {
            throw ConfigurationError("notifications.github.token is required (or set MOONBASE_GITHUB_TOKEN)")
        }
        let retry = notifications.retry
        guard retry.firstDelay > 0, retry.maximumDelay >= retry.firstDelay, retry.retryFor > 0 else {
            throw ConfigurationError("notifications.retry needs firstDelay > 0, maxDelay ≥ firstDelay and for > 0")
        }
    }
}

/// Strict reading of a YAML section: mappings with known keys, strings, lists, durations,
/// each error naming the file, the line and the key.
struct YAMLSection {
    var path: String

    func error(_ node: Node, _ message: String) -> ConfigurationError {
        ConfigurationError("\(path):\(node.mark?.line ?? 1): \(message)")
    }

    /// The entries of a mapping, in order; keys must be in `allowed` (any key when nil).
    func mapping(_ node: Node, name: String, allowed: [String]?) throws(ConfigurationError) -> [(String, Node)] {
        guard case .mapping(let mapping) = node else { throw error(node, "\(name) must be a mapping of keys to values") }
        var entries: [(String, Node)] = []
        for (key, value) in mapping {
            guard let text = key.scalar?.string else { throw error(key, "keys of \(name) must be plain names") }
            if let allowed, !allowed.contains(text) {
                throw error(key, "unknown key '\(name).\(text)'; allowed keys in '\(name)': \(allowed.joined(separator: ", "))")
            }
            entries.append((text, value))
        }
        return entries
    }

    func string(_ node: Node, name: String) throws(ConfigurationError) -> String {
        guard case .scalar(let scalar) = node else { throw error(node, "\(name) must be a string") }
        return node.null != nil ? "" : scalar.string
    }

    func strings(_ node: Node, name: String) throws(ConfigurationError) -> [String] {
        guard case .sequence(let sequence) = node else { throw error(node, "\(name) must be a list of strings") }
        return try sequence.map { item throws(ConfigurationError) in try string(item, name: name) }
    }

    func stringMap(_ node: Node, name: String) throws(ConfigurationError) -> [String: String] {
        var map: [String: String] = [:]
        for (key, value) in try mapping(node, name: name, allowed: nil) {
            map[key] = try string(value, name: "\(name).\(key)")
        }
        return map
    }

    func url(_ node: Node, name: String) throws(ConfigurationError) -> URL {
        let text = try string(node, name: name)
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw error(node, "\(name) must be an http(s) URL, got '\(text)'")
        }
        return url
    }

    /// A Go duration (`10s`, `5m`, `24h`) in seconds.
    func duration(_ node: Node, name: String) throws(ConfigurationError) -> TimeInterval {
        let text = try string(node, name: name)
        do {
            return Double(try GoDuration.parse(text)) / 1e9
        } catch {
            throw self.error(node, "\(name) must be a duration such as 30s, 5m or 24h, got '\(text)'")
        }
    }
}
