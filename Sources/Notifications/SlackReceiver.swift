import Foundation
import MoonbaseStore
import ReleaseModel

/// Slack through the Web API with a bot token, as the reference posts: each release to
/// `#releases-<env>` and to the squad's `#squad-<squad>-releases-<env>`, a direct message to the
/// commit's author (found with `users.lookupByEmail`), cluster trouble to the squad's alert
/// channel; when the cluster reports on a release, its `#releases-<env>` message is updated
/// (`chat.update`) to say whether it runs.
///
/// Targets are channels (`#releases-prod`), `@<email>` for a direct message and
/// `update:<channel>` for the update of a release's message.
public struct SlackReceiver: NotificationReceiver {
    public let settings: SlackSettings
    let http: OutboundHTTP
    /// Emails looked up lately: `users.lookupByEmail` is rate limited to about 50 a minute.
    let users = SlackUserCache()

    public init(_ settings: SlackSettings, http: OutboundHTTP) {
        self.settings = settings
        self.http = http
    }

    public var name: String { "slack" }

    // MARK: Targets

    public func targets(for event: OutboxEvent) -> [String] {
        let data = event.data
        guard let environment = data.environment,
              !settings.mute.contains(where: { $0.mutes(event.type, environment: environment) })
        else { return [] }
        let releases = Self.releasesChannel(environment)
        let squad = data.squad.map { squadChannel($0, environment: environment) }
        let author = data.artifact.flatMap { directMessage($0.author.email) }
        let releaser = data.release.flatMap { directMessage($0.releasedBy.email) }
        let alerts = alertChannel(event)
        let update = data.release != nil ? "update:\(releases)" : nil
        let targets: [String?] =
            switch event.type {
            case .released: [releases, squad, author]
            case .releaseRefused: [releaser]
            case .releaseFailed: [releaser, squad]
            case .rolloutSucceeded: [update, squad, author]
            case .rolloutFailed: [update, squad, alerts, author]
            case .podError, .jobError: [alerts, squad, author]
            case .policyChanged, .artifactCreated: []
            }
        var unique: [String] = []
        for target in targets.compactMap(\.self) where !unique.contains(target) { unique.append(target) }
        return unique
    }

    static func releasesChannel(_ environment: String) -> String { "#releases-\(environment)" }

    /// The squad's alert channel, `#squad-<squad>-alerts` or the squad's override. A pod error
    /// names its own: the daemon's default, a channel from the pod's `runtime-alerts`
    /// annotation (kept), or none when the annotation says `false`.
    func alertChannel(_ event: OutboxEvent) -> String? {
        let squad = event.data.squad
        let standard = squad.map { settings.squads[$0]?.alerts ?? "#squad-\($0)-alerts" }
        guard event.type == .podError else { return standard }
        guard let named = event.data.alertChannel else { return nil }
        return named == squad.map({ "#squad-\($0)-alerts" }) ? standard : named
    }

    func squadChannel(_ squad: String, environment: String) -> String {
        if let channel = settings.squads[squad]?.releases {
            return channel.replacingOccurrences(of: "{env}", with: environment)
        }
        return "#squad-\(squad)-releases-\(environment)"
    }

    /// `@<slack email>` for a commit email: mapped when a mapping exists, else itself when it
    /// ends with the accepted suffix; nil for anyone else (the reference's "not an accepted
    /// email domain").
    func directMessage(_ email: String) -> String? {
        guard !email.isEmpty else { return nil }
        if let mapped = settings.userMappings[email] { return "@\(mapped)" }
        guard settings.emailSuffix.isEmpty || email.hasSuffix(settings.emailSuffix) else { return nil }
        return "@\(email)"
    }

    // MARK: Delivery

    public func deliver(_ delivery: NotificationDelivery, context: DeliveryContext) async -> DeliveryResult {
        let event = delivery.event
        let target = delivery.target
        if target.hasPrefix("update:") {
            let channel = String(target.dropFirst("update:".count))
            guard let release = event.data.release,
                  let answer = await context.deliveredAnswer("\(release.id).\(NotificationType.released.rawValue)", channel),
                  let posted = SlackPostedMessage(answer: answer)
            else { return .delivered(answer: "no release message to update") }
            return await call("chat.update", SlackMessage.update(for: event, channel: posted.channel, ts: posted.ts))
        }
        var channel = target
        let direct = target.hasPrefix("@")
        if direct {
            switch await lookUpUser(email: String(target.dropFirst())) {
            case .success(let id): channel = id
            case .failure(let failure): return failure.result
            }
        }
        return await call("chat.postMessage", SlackMessage.post(for: event, channel: channel, direct: direct))
    }

    private struct LookupFailure: Error {
        var result: DeliveryResult
    }

    /// The Slack user id of `email` (`users.lookupByEmail`, a GET with the email in the query).
    private func lookUpUser(email: String) async -> Result<String, LookupFailure> {
        if let id = await users.id(of: email) { return .success(id) }
        var components = URLComponents(url: settings.apiURL.appendingPathComponent("users.lookupByEmail"), resolvingAgainstBaseURL: false)
        components?.queryItems = [URLQueryItem(name: "email", value: email)]
        guard let url = components?.url else { return .failure(LookupFailure(result: .refused(answer: "cannot make a lookup URL for \(email)"))) }
        let response: OutboundHTTP.Response
        do {
            response = try await http.send(.GET, url.absoluteString, headers: [("Authorization", "Bearer \(settings.token)")])
        } catch {
            return .failure(LookupFailure(result: .retry(answer: OutboundHTTP.describe(error))))
        }
        switch Self.answer(response) {
        case .ok(let body):
            guard let user = body["user"] as? [String: Any], let id = user["id"] as? String else {
                return .failure(LookupFailure(result: .retry(answer: "users.lookupByEmail answered without a user id: \(response.summary)")))
            }
            await users.remember(id, of: email)
            return .success(id)
        case .failed(let result):
            return .failure(LookupFailure(result: result.prefixed("users.lookupByEmail \(email)")))
        }
    }

    /// Calls a Web API method with a JSON body; the answer keeps the channel and the
    /// message's timestamp (`channel=C0123 ts=1503435956.000247`).
    private func call(_ method: String, _ message: [String: Any]) async -> DeliveryResult {
        let body: Data
        do {
            body = try JSONSerialization.data(withJSONObject: message, options: [.sortedKeys])
        } catch {
            return .refused(answer: "cannot encode the message: \(error)")
        }
        let response: OutboundHTTP.Response
        do {
            response = try await http.send(
                .POST, settings.apiURL.appendingPathComponent(method).absoluteString,
                headers: [("Authorization", "Bearer \(settings.token)"), ("Content-Type", "application/json; charset=utf-8")], body: body)
        } catch {
            return .retry(answer: OutboundHTTP.describe(error))
        }
        switch Self.answer(response) {
        case .ok(let answer):
            let channel = answer["channel"] as? String ?? ""
            let ts = answer["ts"] as? String ?? ""
            return .delivered(answer: SlackPostedMessage(channel: channel, ts: ts).answer)
        case .failed(let result):
            return result.prefixed(method)
        }
    }

    private enum Answer {
        case ok([String: Any])
        case failed(DeliveryResult)
    }

    /// Slack answers HTTP 200 with `{"ok": false, "error": "…"}` for most failures; 429 with
    /// `Retry-After` when rate limited. Errors Slack lists as transient are retried; the rest
    /// (`channel_not_found`, `invalid_auth`, `users_not_found`, …) need someone to act.
    private static func answer(_ response: OutboundHTTP.Response) -> Answer {
        guard response.status == 200 else { return .failed(response.result) }
        guard let body = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] else {
            return .failed(.retry(answer: "not a Slack answer: \(response.summary)"))
        }
        if body["ok"] as? Bool == true { return .ok(body) }
        let error = body["error"] as? String ?? "unknown_error"
        let transient = ["ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org"]
        return .failed(transient.contains(error) ? .retry(answer: error, retryAfter: response.retryAfter) : .refused(answer: error))
    }
}

/// Where a posted message is: what `chat.update` needs, kept as the delivery's answer.
struct SlackPostedMessage {
    var channel: String
    var ts: String

    init(channel: String, ts: String) {
        self.channel = channel
        self.ts = ts
    }

    init?(answer: String) {
        var fields: [String: String] = [:]
        for part in answer.split(separator: " ") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { fields[pair[0]] = pair[1] }
        }
        guard let channel = fields["channel"], let ts = fields["ts"], !channel.isEmpty, !ts.isEmpty else { return nil }
        self.init(channel: channel, ts: ts)
    }

    var answer: String { "channel=\(channel) ts=\(ts)" }
}

extension DeliveryResult {
    /// The same result, its answer starting with `prefix: `.
    func prefixed(_ prefix: String) -> DeliveryResult {
        switch self {
        case .delivered(let answer): .delivered(answer: "\(prefix): \(answer)")
        case .retry(let answer, let after): .retry(answer: "\(prefix): \(answer)", retryAfter: after)
        case .refused(let answer): .refused(answer: "\(prefix): \(answer)")
        }
    }
}

/// Slack user ids by email, kept for an hour.
actor SlackUserCache {
    private var ids: [String: (id: String, at: ContinuousClock.Instant)] = [:]
    private let lifetime = Duration.seconds(3600)

    func id(of email: String) -> String? {
        guard let entry = ids[email], ContinuousClock.now - entry.at < lifetime else { return nil }
        return entry.id
    }

    func remember(_ id: String, of email: String) {
        ids[email] = (id, ContinuousClock.now)
    }
}
