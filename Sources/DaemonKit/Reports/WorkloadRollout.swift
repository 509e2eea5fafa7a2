import Foundation
import ReleaseModel

/// The annotations the service plan puts on every workload and pod the release manager
/// controls, and the one the daemon writes back (spec §6).
public enum ReleaseAnnotations {
    public static let controlledBy = "lunarway.com/controlled-by-release-manager"
    public static let artifactID = "lunarway.com/artifact-id"
    public static let author = "lunarway.com/author"
    /// Written by the daemon once it reported an artifact's rollout (or a job's failure).
    public static let observedArtifactID = "lunarway.com/observed-artifact-id"
    /// `"false"` for no runtime alerts, or the Slack channel pod errors go to.
    public static let runtimeAlerts = "lunarway.com/runtime-alerts"
}

/// What the daemon needs to know about a release-managed object: eligibility ("correctly
/// annotated"), the artifact, its author and squad, and whether its rollout was reported.
struct ReleaseMarks: Sendable, Equatable {
    var artifactID: String
    var author: String
    var squad: String
    var observed: Bool

    /// Nil unless the object is controlled by the release manager with an artifact and an
    /// author. The squad comes from the object's label, then its pod template's.
    init?(_ metadata: ObjectMeta, template: ObjectMeta? = nil) {
        let annotations = metadata.annotations ?? [:]
        guard annotations[ReleaseAnnotations.controlledBy] == "true",
              let artifactID = annotations[ReleaseAnnotations.artifactID], !artifactID.isEmpty,
              let author = annotations[ReleaseAnnotations.author], !author.isEmpty
        else { return nil }
        self.artifactID = artifactID
        self.author = author
        let squad = metadata.labels?["squad"] ?? template?.labels?["squad"] ?? ""
        self.squad = squad.trimmingCharacters(in: .whitespaces)
        observed = annotations[ReleaseAnnotations.observedArtifactID] == artifactID
    }
}

/// A kind of object that rolls pods out: its rollout as the daemon judges it.
protocol Workload: KubernetesObject {
    /// The `kind`, as reports name it.
    static var kind: String { get }
    /// Nil for objects being deleted or not controlled by the release manager.
    var rollout: WorkloadRollout? { get }
}

extension Deployment: Workload {
    static let kind = "Deployment"
    var rollout: WorkloadRollout? { WorkloadRollout(self) }
}

extension StatefulSet: Workload {
    static let kind = "StatefulSet"
    var rollout: WorkloadRollout? { WorkloadRollout(self) }
}

extension DaemonSet: Workload {
    static let kind = "DaemonSet"
    var rollout: WorkloadRollout? { WorkloadRollout(self) }
}

/// Where a workload's rollout stands, read from its status as `kubectl rollout status` does.
struct WorkloadRollout: Sendable, Equatable {
    enum Progress: Sendable, Equatable {
        case progressing
        case complete
        case failed(reason: String, message: String)
    }

    var kind: String
    var namespace: String
    var name: String
    var marks: ReleaseMarks
    var available: Int
    var desired: Int
    var progress: Progress

    /// Nil for objects being deleted or not controlled by the release manager.
    init?(_ deployment: Deployment) {
        let meta = deployment.metadata
        guard meta.deletionTimestamp == nil, let marks = ReleaseMarks(meta, template: deployment.spec?.template?.metadata) else { return nil }
        let status = deployment.status
        let desired = deployment.spec?.replicas ?? 1
        let updated = status?.updatedReplicas ?? 0
        let replicas = status?.replicas ?? 0
        let available = status?.availableReplicas ?? 0
        let current = (status?.observedGeneration ?? 0) >= (meta.generation ?? 0)
        let progressing = status?.conditions?.named("Progressing")
        let progress: Progress
        // A condition of an older generation (the artifact before) says nothing about this one.
        if !current {
            progress = .progressing
        } else if progressing?.status == "False" {
            progress = .failed(reason: progressing?.reason ?? "ProgressDeadlineExceeded", message: progressing?.message ?? "")
        } else if updated == replicas, replicas == available, available == desired {
            progress = .complete
        } else {
            progress = .progressing
        }
        self.init(kind: Deployment.kind, meta, marks, available: available, desired: desired, progress)
    }

    init?(_ set: StatefulSet) {
        let meta = set.metadata
        guard meta.deletionTimestamp == nil, let marks = ReleaseMarks(meta, template: set.spec?.template?.metadata) else { return nil }
        let status = set.status
        // Against the desired count, as `kubectl rollout status` judges it: during an ordered
        // scale-up status.replicas is still short of it.
        let desired = set.spec?.replicas ?? 1
        let ready = status?.readyReplicas ?? 0
        let current = (status?.observedGeneration ?? 0) >= (meta.generation ?? 0)
        let complete =
            current && (status?.replicas ?? 0) == desired && ready == desired && (status?.currentReplicas ?? 0) == desired
            && (status?.updatedReplicas ?? 0) == desired
        self.init(kind: StatefulSet.kind, meta, marks, available: ready, desired: desired, complete ? .complete : .progressing)
    }

    init?(_ set: DaemonSet) {
        let meta = set.metadata
        guard meta.deletionTimestamp == nil, let marks = ReleaseMarks(meta, template: set.spec?.template?.metadata) else { return nil }
        let status = set.status
        let desired = status?.desiredNumberScheduled ?? 0
        let updated = status?.updatedNumberScheduled ?? 0
        let current = (status?.observedGeneration ?? 0) >= (meta.generation ?? 0)
        // A DaemonSet scheduled on no node has nothing to roll out.
        let complete =
            current && desired == (status?.currentNumberScheduled ?? 0) && (status?.numberReady ?? 0) == updated
            && (status?.numberAvailable ?? 0) == updated && (status?.numberUnavailable ?? 0) == 0 && (status?.numberMisscheduled ?? 0) == 0
        self.init(kind: DaemonSet.kind, meta, marks, available: status?.numberAvailable ?? 0, desired: desired, complete ? .complete : .progressing)
    }

    private init(kind: String, _ meta: ObjectMeta, _ marks: ReleaseMarks, available: Int, desired: Int, _ progress: Progress) {
        self.kind = kind
        namespace = meta.namespace ?? ""
        name = meta.name ?? ""
        self.marks = marks
        self.available = available
        self.desired = desired
        self.progress = progress
    }

    /// The reference's report of a completed rollout.
    func deployEvent(environment: String) -> DeployEvent {
        DeployEvent(
            name: name, namespace: namespace, resourceType: kind, availablePods: available, replicas: desired, artifactID: marks.artifactID,
            authorEmail: marks.author, squad: marks.squad, environment: environment)
    }

    func rolloutEvent(_ state: RolloutEvent.State, environment: String) -> RolloutEvent {
        var reason = "", message = ""
        if case .failed(let failedReason, let failedMessage) = progress {
            reason = failedReason
            message = failedMessage
        }
        return RolloutEvent(
            name: name, namespace: namespace, resourceType: kind, artifactID: marks.artifactID, environment: environment, squad: marks.squad,
            authorEmail: marks.author, state: state, availablePods: available, replicas: desired, reason: reason, message: message)
    }
}
