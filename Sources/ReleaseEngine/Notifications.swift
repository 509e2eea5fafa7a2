import Foundation
import GoCompat
import MoonbaseStore
import ReleaseModel

/// The notifications the flows write into the outbox with what causes them.
enum Notifications {
    /// `released`, `release.refused` or `release.failed` of one release request. The id is
    /// derived from the release's, so recording the outcome again (recovery after a crash)
    /// writes nothing twice.
    static func release(
        _ type: NotificationType, id: String, service: String, environment: String, namespace: String, intent: Intent, actor: Person,
        reason: String, spec: ArtifactSpec?, commit: String?, message: String?, at: Date
    ) -> OutboxEvent {
        OutboxEvent(
            id: "\(id).\(type.rawValue)", type: type, time: at,
            data: NotificationData(
                service: service, environment: environment, namespace: namespace, squad: spec?.squad.nonEmpty,
                artifact: spec.map(NotificationData.Artifact.init),
                release: NotificationData.Release(id: id, intent: intent, releasedBy: actor, reason: reason.nonEmpty, commit: commit),
                message: message?.nonEmpty))
    }

    static func release(_ type: NotificationType, _ release: QueuedRelease, spec: ArtifactSpec?, commit: String?, message: String?, at: Date) -> OutboxEvent {
        self.release(
            type, id: release.id, service: release.service, environment: release.environment, namespace: release.namespace,
            intent: release.intent, actor: release.actor, reason: release.reason, spec: spec, commit: commit, message: message, at: at)
    }

    static func artifactCreated(_ spec: ArtifactSpec, at: Date) -> OutboxEvent {
        OutboxEvent(
            id: "\(spec.service).\(spec.id).artifact.created", type: .artifactCreated, time: at,
            data: NotificationData(service: spec.service, squad: spec.squad.nonEmpty, artifact: NotificationData.Artifact(spec)))
    }

    static func policyChanged(service: String, change: NotificationData.PolicyChange, at: Date) -> OutboxEvent {
        OutboxEvent(type: .policyChanged, time: at, data: NotificationData(service: service, policy: change))
    }

    /// A cluster event of `service` in `environment`, about `artifactID` (described by `spec`
    /// when the store has it).
    static func cluster(
        _ type: NotificationType, service: String, environment: String, namespace: String, artifactID: String, spec: ArtifactSpec?,
        squad: String, at: Date, release: NotificationData.Release? = nil, message: String? = nil, workload: NotificationData.Workload? = nil,
        errors: [NotificationData.ContainerError]? = nil, alertChannel: String? = nil
    ) -> OutboxEvent {
        let artifact = spec.map(NotificationData.Artifact.init)
            ?? NotificationData.Artifact(
                id: artifactID, branch: "", sha: "", message: "", author: Person(name: "", email: ""), committer: Person(name: "", email: ""),
                repositoryURL: "", provider: "", commitURL: nil)
        return OutboxEvent(
            type: type, time: at,
            data: NotificationData(
                service: service, environment: environment, namespace: namespace, squad: (spec?.squad ?? squad).nonEmpty, artifact: artifact,
                release: release, message: message?.nonEmpty, workload: workload, errors: errors, alertChannel: alertChannel?.nonEmpty))
    }
}
