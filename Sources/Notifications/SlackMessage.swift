import Foundation
import GoCompat
import MoonbaseStore
import ReleaseModel

/// The messages Slack gets, in the reference's layout: one attachment with a title (linked to
/// the commit), a colour, a text and fields, and a plain `text` for notifications and
/// screen readers.
enum SlackMessage {
    static let green = "#73BF69"
    static let red = "#e24d42"
    static let yellow = "#FADE2A"

    /// `chat.postMessage` of `event` to `channel` (a channel, or a user id for a direct message).
    static func post(for event: OutboxEvent, channel: String, direct: Bool) -> [String: Any] {
        var message = content(for: event, direct: direct)
        message["channel"] = channel
        return message
    }

    /// `chat.update` of a release's channel message with what the cluster says about it.
    static func update(for event: OutboxEvent, channel: String, ts: String) -> [String: Any] {
        let data = event.data
        let workload = data.workload
        let status =
            event.type == .rolloutSucceeded
            ? ":white_check_mark: running \(workload.map { "\($0.availablePods)/\($0.desiredPods) pods" } ?? "")"
            : ":no_entry: rollout failed: \([workload?.reason, data.message].compactMap(\.self).joined(separator: ": "))"
        var attachment = releaseAttachment(data, releaser: data.release?.releasedBy)
        attachment["color"] = event.type == .rolloutSucceeded ? green : red
        attachment["fields"] = [["title": "Cluster", "value": status.trimmingCharacters(in: .whitespaces), "short": false]]
        return [
            "channel": channel, "ts": ts, "text": "\(data.service) in \(data.environment ?? ""): \(status)",
            "attachments": [attachment],
        ]
    }

    private static func content(for event: OutboxEvent, direct: Bool) -> [String: Any] {
        let data = event.data
        let environment = data.environment ?? ""
        let artifactID = data.artifact?.id ?? ""
        switch event.type {
        case .released where direct:
            let text = "Release for *\(data.service)* in \(environment) processed\n*Message*: \(data.artifact?.message ?? "") \n"
                + "*Commit URL*: \(data.artifact?.commitURL ?? "")\n*Artifact ID*: \(artifactID)"
            return message("\(data.service) released to \(environment)", attachment(title: ":rocket: Release Manager :white_check_mark:", color: green, text: text))
        case .released:
            return message("\(data.service) released to \(environment)", releaseAttachment(data, releaser: data.release?.releasedBy))
        case .releaseRefused:
            let text = "Release of *\(data.service)* (\(artifactID)) to *\(environment)* was refused\n\(data.message ?? "")"
            return message("release of \(data.service) to \(environment) refused", attachment(title: ":no_entry: Release Manager", color: red, text: text))
        case .releaseFailed:
            let text = "Release of *\(data.service)* (\(artifactID)) to *\(environment)* failed\n\(data.message ?? "")"
            return message("release of \(data.service) to \(environment) failed", attachment(title: ":boom: Release Manager failed", color: red, text: text))
        case .rolloutSucceeded:
            let workload = data.workload
            let text = "\(workload?.name ?? data.service) deployed\n\(workload?.availablePods ?? 0)/\(workload?.desiredPods ?? 0) pods are running "
                + "(\(workload?.kind ?? ""))\nArtifact: *\(artifactID)*"
            return message("\(data.service) runs in \(environment)", attachment(title: ":kubernetes: k8s (\(environment)) :white_check_mark:", color: green, text: text))
        case .rolloutFailed:
            let workload = data.workload
            let reason = [workload?.reason, data.message].compactMap(\.self).joined(separator: ": ")
            let text = "\(workload?.name ?? data.service) failed to roll out\n\(reason)\nArtifact: *\(artifactID)*"
            return message("\(data.service) failed to roll out in \(environment)", attachment(title: ":kubernetes: k8s (\(environment)) :no_entry:", color: red, text: text))
        case .podError, .jobError:
            let errors = data.errors ?? []
            let object = errors.first?.object ?? data.service
            let isPod = event.type == .podError
            let text = "\(isPod ? "Pod" : "Job") Error: \(object)\nArtifact: *\(artifactID)*"
            let fields: [[String: Any]] = errors.map { error in
                [
                    "title": isPod ? "Container: \(error.name) (\(error.type))" : "Reason: \(error.type)",
                    "value": "```\(error.message)```", "short": false,
                ]
            }
            var attachment = attachment(title: ":kubernetes: k8s (\(environment)) :no_entry:", color: red, text: text)
            attachment["fields"] = fields
            return message("\(isPod ? "pod" : "job") \(object) of \(data.service) failed in \(environment)", attachment)
        case .policyChanged, .artifactCreated:
            return message("\(data.service): \(event.type.rawValue)", attachment(title: data.service, color: yellow, text: event.type.rawValue))
        }
    }

    /// `<service> (<artifact>)` linked to the commit: `*Author:* …, *Releaser:* …` and the
    /// commit message.
    private static func releaseAttachment(_ data: NotificationData, releaser: Person?) -> [String: Any] {
        let author = data.artifact?.author.name.nonEmpty ?? data.artifact?.author.email ?? ""
        let releasedBy = releaser.map { $0.name.nonEmpty ?? $0.email } ?? ""
        var attachment = attachment(
            title: "\(data.service) (\(data.artifact?.id ?? ""))", color: green,
            text: "*Author:* \(author), *Releaser:* \(releasedBy)\n*Message:* _\(data.artifact?.message ?? "")_")
        if let url = data.artifact?.commitURL { attachment["title_link"] = url }
        return attachment
    }

    private static func attachment(title: String, color: String, text: String) -> [String: Any] {
        ["title": title, "color": color, "text": text, "mrkdwn_in": ["text", "fields"]]
    }

    private static func message(_ text: String, _ attachment: [String: Any]) -> [String: Any] {
        ["text": text, "attachments": [attachment]]
    }
}
