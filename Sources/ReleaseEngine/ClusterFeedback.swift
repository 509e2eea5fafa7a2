import Foundation
import GoCompat
import MoonbaseStore
import ReleaseModel
import Synchronization

/// What the cluster daemons report, kept and turned into each release's ``ClusterState``:
/// released (the commit) → applied (a Flux revision that contains the commit) → rolling out
/// → running, or failed, with drift flagged when the cluster runs another artifact than the
/// config repository says.
///
/// Reports name workloads, pods and artifacts, not services: the service is the one that has
/// the reported artifact, else the workload's name (the service plan names workloads after
/// their service).
public struct ClusterFeedback: Sendable {
    let store: any MoonbaseStore
    let repository: any ReleaseRepository
    /// Pairs (commit, revision) known to be ancestor and descendant: history does not change,
    /// so a `git merge-base` answered yes once needs no asking again.
    private let knownContained = KnownContainment()
    let now: @Sendable () -> Date
    /// How long after a release the cluster may still report the artifact before it is drift.
    public var driftGrace: TimeInterval

    public init(store: any MoonbaseStore, repository: any ReleaseRepository, now: @escaping @Sendable () -> Date = { Date() }, driftGrace: TimeInterval = 15 * 60) {
        self.store = store
        self.repository = repository
        self.now = now
        self.driftGrace = driftGrace
    }

    /// What a report changed, for the reactions to it (auto-rollback, notifications).
    public struct Change: Sendable, Equatable {
        public var service: String
        public var environment: String
        public var artifactID: String
        /// The new phase when the workload's changed; nil for events that change no state.
        public var phase: WorkloadState.Phase?
        public var reason: String
        public var message: String
    }

    // MARK: Reports

    /// A workload finished rolling out (the reference's deploy report).
    @discardableResult
    public func record(_ report: DeployEvent) async throws -> Change {
        let rollout = RolloutEvent(
            name: report.name, namespace: report.namespace, resourceType: report.resourceType, artifactID: report.artifactID,
            environment: report.environment, squad: report.squad, authorEmail: report.authorEmail, state: .running,
            availablePods: report.availablePods, replicas: report.replicas)
        return try await record(rollout, details: try GoJSONEncoder().jsonValue(report))
    }

    @discardableResult
    public func record(_ report: RolloutEvent) async throws -> Change {
        try await record(report, details: try GoJSONEncoder().jsonValue(report))
    }

    private func record(_ report: RolloutEvent, details: JSONValue) async throws -> Change {
        let service = try await service(ofArtifact: report.artifactID, environment: report.environment, fallback: report.name)
        let phase: WorkloadState.Phase =
            switch report.state {
            case .progressing: .progressing
            case .running: .running
            case .failed: .failed
            }
        let at = now()
        let previous = try await store.workloadStates(environment: report.environment, service: service).first {
            $0.namespace == report.namespace && $0.kind == report.resourceType && $0.name == report.name
        }
        let since = previous.flatMap { $0.artifactID == report.artifactID && $0.phase == phase ? $0.since : nil } ?? at
        let state = WorkloadState(
            environment: report.environment, service: service, namespace: report.namespace, kind: report.resourceType, name: report.name,
            artifactID: report.artifactID, phase: phase, available: report.availablePods, desired: report.replicas, reason: report.reason,
            message: report.message, since: since, reportedAt: at)
        let summary =
            switch phase {
            case .progressing: "\(report.resourceType) \(report.name) rolling out \(report.artifactID): \(report.availablePods)/\(report.replicas) pods available"
            case .running: "\(report.resourceType) \(report.name) runs \(report.artifactID): \(report.availablePods)/\(report.replicas) pods"
            case .failed: "\(report.resourceType) \(report.name) failed to roll out \(report.artifactID): \(report.reason) \(report.message)"
            }
        let changed = previous?.phase != phase || previous?.artifactID != report.artifactID
        let release = changed && phase != .progressing
            ? await release(service: service, environment: report.environment, artifactID: report.artifactID) : nil
        // A workload found running with no state kept (a daemon's first look, a new store) is
        // news only for a release of the last few minutes.
        let recent = release.map { at.timeIntervalSince($0.at) < driftGrace } ?? false
        var notifications: [OutboxEvent] = []
        if changed, phase != .progressing, previous != nil || phase == .failed || recent {
            let workload = NotificationData.Workload(
                kind: report.resourceType, name: report.name, availablePods: report.availablePods, desiredPods: report.replicas,
                reason: report.reason.isEmpty ? nil : report.reason)
            notifications.append(Notifications.cluster(
                phase == .running ? .rolloutSucceeded : .rolloutFailed, service: service, environment: report.environment,
                namespace: report.namespace, artifactID: report.artifactID, spec: await spec(service: service, artifactID: report.artifactID),
                squad: report.squad, at: at, release: release?.notification,
                message: phase == .failed ? report.message : nil, workload: workload))
        }
        try await store.recordWorkload(
            state,
            event: NewClusterEvent(
                environment: report.environment, service: service, artifactID: report.artifactID, kind: "rollout.\(phase.rawValue)",
                summary: summary.trimmingCharacters(in: .whitespaces), details: details, at: at),
            notifying: notifications)
        return Change(
            service: service, environment: report.environment, artifactID: report.artifactID, phase: changed ? phase : nil,
            reason: report.reason, message: report.message)
    }

    /// Containers of a pod crash, cannot start, cannot pull their image or were OOM-killed.
    /// When the pod runs the artifact released to the environment and the workload is not
    /// known to run it yet, the rollout has failed; otherwise (it ran already, or the pod is
    /// of an older artifact on its way out) it is an event of the timeline.
    @discardableResult
    public func record(_ report: PodErrorEvent) async throws -> Change {
        let workload = Self.workloadName(ofPod: report.podName)
        let service = try await service(ofArtifact: report.artifactID, environment: report.environment, fallback: workload)
        let first = report.errors.first
        let reason = first?.type ?? "PodError"
        let message = Self.firstLine(first?.message ?? "")
        let summary = "pod \(report.podName): " + report.errors.map { "\($0.name) \($0.type)" }.joined(separator: ", ")
        let event = NewClusterEvent(
            environment: report.environment, service: service, artifactID: report.artifactID, kind: "pod.error", summary: summary,
            details: try GoJSONEncoder().jsonValue(report), at: now())
        // The pod's workload: the one whose name its name starts with (`<deployment>-<hash>-…`,
        // `<statefulset>-<n>`), else the guess from its name.
        let previous = try await store.workloadStates(environment: report.environment, service: service)
            .filter { report.podName.hasPrefix($0.name + "-") }.max { $0.name.count < $1.name.count }
        // What the config repository says runs (the store's copy may lag a push by a moment).
        let released = try? await repository.status(service: service, namespace: nil).first { $0.environment == report.environment }?.spec.id
        let rollingOut = previous.map { $0.artifactID != report.artifactID || $0.phase == .progressing } ?? true
        let spec = await spec(service: service, artifactID: report.artifactID)
        let podError = Notifications.cluster(
            .podError, service: service, environment: report.environment, namespace: report.namespace, artifactID: report.artifactID,
            spec: spec, squad: report.squad, at: event.at,
            errors: report.errors.map { NotificationData.ContainerError(object: report.podName, name: $0.name, type: $0.type, message: $0.message) },
            alertChannel: report.alertSquad)
        guard released == nil || released == report.artifactID, rollingOut else {
            try await store.recordClusterEvent(event, notifying: [podError])
            return Change(service: service, environment: report.environment, artifactID: report.artifactID, phase: nil, reason: reason, message: message)
        }
        let state = WorkloadState(
            environment: report.environment, service: service, namespace: report.namespace, kind: previous?.kind ?? "Deployment",
            name: previous?.name ?? workload, artifactID: report.artifactID, phase: .failed, available: previous?.available ?? 0,
            desired: previous?.desired ?? 0, reason: reason, message: message, pod: report.podName, container: first?.name ?? "",
            since: event.at, reportedAt: event.at)
        let rolloutFailed = Notifications.cluster(
            .rolloutFailed, service: service, environment: report.environment, namespace: report.namespace, artifactID: report.artifactID,
            spec: spec, squad: report.squad, at: event.at,
            release: await release(service: service, environment: report.environment, artifactID: report.artifactID)?.notification,
            message: message,
            workload: NotificationData.Workload(kind: state.kind, name: state.name, availablePods: state.available, desiredPods: state.desired, reason: reason))
        try await store.recordWorkload(state, event: event, notifying: previous?.phase == .failed ? [podError] : [podError, rolloutFailed])
        return Change(service: service, environment: report.environment, artifactID: report.artifactID, phase: .failed, reason: reason, message: message)
    }

    @discardableResult
    public func record(_ report: JobErrorEvent) async throws -> Change {
        let service = try await service(ofArtifact: report.artifactID, environment: report.environment, fallback: report.jobName)
        let reasons = report.errors.map { "\($0.reason): \($0.message)" }.joined(separator: "; ")
        let at = now()
        let jobError = Notifications.cluster(
            .jobError, service: service, environment: report.environment, namespace: report.namespace, artifactID: report.artifactID,
            spec: await spec(service: service, artifactID: report.artifactID), squad: report.squad, at: at,
            errors: report.errors.map { NotificationData.ContainerError(object: report.jobName, name: report.jobName, type: $0.reason, message: $0.message) })
        try await store.recordClusterEvent(
            NewClusterEvent(
                environment: report.environment, service: service, artifactID: report.artifactID, kind: "job.error",
                summary: "job \(report.jobName) failed: \(reasons)", details: try GoJSONEncoder().jsonValue(report), at: at),
            notifying: [jobError])
        return Change(
            service: service, environment: report.environment, artifactID: report.artifactID, phase: nil,
            reason: report.errors.first?.reason ?? "", message: report.errors.first?.message ?? "")
    }

    public func record(_ report: KustomizationEvent) async throws {
        let commit = KustomizationEvent.commit(ofRevision: report.lastAppliedRevision) ?? ""
        let at = now()
        let state = FluxApplyState(
            environment: report.environment, namespace: report.namespace, name: report.name, appliedCommit: commit,
            revision: report.lastAppliedRevision, ready: report.ready, reason: report.reason, message: report.message, reportedAt: at)
        let summary =
            report.ready
            ? "Flux applied \(report.lastAppliedRevision) (\(report.namespace)/\(report.name))"
            : "Flux could not apply \(report.lastAttemptedRevision) (\(report.namespace)/\(report.name)): \(report.reason) \(report.message)"
        try await store.recordFluxApply(
            state,
            event: NewClusterEvent(
                environment: report.environment, service: "", artifactID: "", kind: report.ready ? "flux.applied" : "flux.failed",
                summary: summary.trimmingCharacters(in: .whitespaces), details: try GoJSONEncoder().jsonValue(report), at: at))
    }

    public func record(_ report: FluxEvent) async throws {
        let object = report.involvedObject
        try await store.recordClusterEvent(NewClusterEvent(
            environment: report.environment ?? "", service: "", artifactID: "", kind: "flux.event",
            summary: "\(object.kind ?? "") \(object.namespace ?? "")/\(object.name ?? ""): \(report.reason) \(Self.firstLine(report.message))",
            details: try GoJSONEncoder().jsonValue(report), at: now()))
    }

    /// The reported artifact as the store has it, for notifications; nil when unknown.
    private func spec(service: String, artifactID: String) async -> ArtifactSpec? {
        try? await store.artifact(service: service, id: artifactID)?.spec
    }

    /// The release that brought the artifact to the environment, for notifications that
    /// follow up on it (Slack updates the release's message).
    private func release(service: String, environment: String, artifactID: String) async -> (notification: NotificationData.Release, at: Date)? {
        guard let page = try? await store.releaseHistory(service: service, environment: environment, limit: 10, offset: 0),
              let event = page.events.first(where: { $0.state == .released && $0.artifactID == artifactID })
        else { return nil }
        let release = NotificationData.Release(
            id: event.id, intent: event.intent, releasedBy: event.releasedBy, reason: event.reason.nonEmpty, commit: event.commit)
        return (release, event.finishedAt ?? event.requestedAt)
    }

    // MARK: State

    /// What the cluster state of a release is judged against: which artifact the config
    /// repository says runs, and the commit that released it. Made from the repository's
    /// ``ReleasedArtifact`` or the store's ``Deployment`` (pages that list many releases read
    /// the store, not every `artifact.json`).
    public struct Release: Sendable, Hashable {
        public var service: String
        public var environment: String
        public var namespace: String
        public var artifactID: String
        public var commit: String
        public var releasedAt: Date

        public init(_ release: ReleasedArtifact) {
            service = release.service
            environment = release.environment
            namespace = release.namespace
            artifactID = release.spec.id
            commit = release.commit
            releasedAt = release.releasedAt.date
        }

        public init(_ deployment: Deployment) {
            service = deployment.service
            environment = deployment.environment
            namespace = deployment.release.namespace
            artifactID = deployment.artifactID
            commit = deployment.release.commit ?? ""
            releasedAt = deployment.releasedAt
        }
    }

    /// The cluster state of `release` (what the config repository says runs), given what the
    /// store knows of the environment; nil when no daemon ever reported for the environment.
    ///
    /// A service may run several workloads (an API and a worker): those that run the released
    /// artifact count together (failed if one failed, rolling out while one is, pods summed);
    /// workloads that still run another artifact are heard only when none runs it yet.
    public func state(of release: Release, workloads: [WorkloadState], applies: [FluxApplyState]) async -> ClusterState? {
        let own = workloads.filter { $0.environment == release.environment && $0.service == release.service }
        let running = own.filter { $0.artifactID == release.artifactID }
        let workload = Self.combined(running) ?? own.max { $0.reportedAt < $1.reportedAt }
        let environmentApplies = applies.filter { $0.environment == release.environment }
        guard workload != nil || !environmentApplies.isEmpty else { return nil }
        // The service's own Kustomization when there is one, else any of the environment.
        let ownApplies = environmentApplies.filter { $0.name == release.service }
        let candidates = ownApplies.isEmpty ? environmentApplies : ownApplies
        var appliedBy: FluxApplyState?
        let commit = release.commit.lowercased()
        for apply in candidates where !apply.appliedCommit.isEmpty && !commit.isEmpty {
            var contains = apply.appliedCommit.hasPrefix(commit) || commit.hasPrefix(apply.appliedCommit)
            if !contains, knownContained.contains(commit, apply.appliedCommit) { contains = true }
            if !contains, (try? await repository.contains(commit, inRevision: apply.appliedCommit)) == true {
                knownContained.insert(commit, apply.appliedCommit)
                contains = true
            }
            if contains {
                appliedBy = apply
                break
            }
        }
        let revision = (appliedBy ?? candidates.max(by: { $0.reportedAt < $1.reportedAt }))?.revision ?? ""
        let releasedAt = release.releasedAt
        if let workload, workload.artifactID == release.artifactID {
            let phase: ClusterState.Phase =
                switch workload.phase {
                case .progressing: .rollingOut
                case .running: .running
                case .failed: .failed
                }
            return ClusterState(
                phase: phase, artifactID: workload.artifactID, available: workload.available, desired: workload.desired,
                since: GoTime(workload.since), reason: workload.reason, message: workload.message, pod: workload.pod,
                container: workload.container, appliedRevision: revision, reportedAt: GoTime(workload.reportedAt))
        }
        // The cluster still runs another artifact: fine while the release makes its way,
        // drift once Flux applied it and the workload was heard of since, or once the grace
        // after the release has passed.
        var drift = false
        if let workload, workload.phase == .running {
            let heardSinceApply = appliedBy.map { workload.reportedAt > $0.reportedAt } ?? false
            drift = heardSinceApply || now().timeIntervalSince(releasedAt) > driftGrace
        }
        // A failure of the artifact the cluster still runs (e.g. the one just rolled back from)
        // keeps its reason, so whoever waited for that artifact learns why.
        let failed = workload?.phase == .failed ? workload : nil
        return ClusterState(
            phase: appliedBy == nil ? .pending : .applied, artifactID: workload?.artifactID ?? "", available: workload?.available ?? 0,
            desired: workload?.desired ?? 0, since: GoTime(appliedBy?.reportedAt ?? releasedAt), reason: failed?.reason ?? "",
            message: failed?.message ?? "", pod: failed?.pod ?? "", container: failed?.container ?? "", appliedRevision: revision, drift: drift,
            reportedAt: workload.map { GoTime($0.reportedAt) } ?? .zero)
    }

    /// The cluster state of every release in `releases` (whose environment and service are
    /// `environment` and `service` when given: the store is read for those only).
    public func states(of releases: [Release], environment: String? = nil, service: String? = nil) async throws
        -> [ClusterStateResponse.Entry]
    {
        guard !releases.isEmpty else { return [] }
        let workloads = try await store.workloadStates(environment: environment, service: service)
        let applies = try await store.fluxApplyStates(environment: environment)
        var entries: [ClusterStateResponse.Entry] = []
        for release in releases {
            guard let state = await state(of: release, workloads: workloads, applies: applies) else { continue }
            entries.append(ClusterStateResponse.Entry(
                service: release.service, environment: release.environment, namespace: release.namespace,
                releasedArtifactID: release.artifactID, releaseCommit: release.commit, state: state))
        }
        return entries
    }

    /// Several workloads of one artifact as one: the worst phase (failed, then progressing),
    /// pods summed, the failure's details, the latest times.
    static func combined(_ workloads: [WorkloadState]) -> WorkloadState? {
        guard var combined = workloads.first(where: { $0.phase == .failed }) ?? workloads.first(where: { $0.phase == .progressing }) ?? workloads.first
        else { return nil }
        combined.available = workloads.reduce(0) { $0 + $1.available }
        combined.desired = workloads.reduce(0) { $0 + $1.desired }
        combined.since = workloads.map(\.since).max() ?? combined.since
        combined.reportedAt = workloads.map(\.reportedAt).max() ?? combined.reportedAt
        return combined
    }

    // MARK: Helpers

    func service(ofArtifact artifactID: String, environment: String, fallback: String) async throws -> String {
        let services = try await store.services(withArtifact: artifactID)
        if services.count == 1 { return services[0] }
        if services.contains(fallback) { return fallback }
        if let known = try await store.workloadStates(environment: environment, service: nil).first(where: { $0.artifactID == artifactID }) {
            return known.service
        }
        return services.first ?? fallback
    }

    /// `payments-7d9f8b6c5d-x2x7q` → `payments`: a Deployment's pods are named
    /// `<deployment>-<replica set hash>-<pod suffix>`.
    static func workloadName(ofPod pod: String) -> String {
        let parts = pod.split(separator: "-")
        guard parts.count > 2 else { return pod }
        return parts.dropLast(2).joined(separator: "-")
    }

    static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", omittingEmptySubsequences: true).first ?? "")
    }
}

/// The (commit, revision) pairs found contained, kept for the process (a few bytes each; a
/// "no" is not kept: the revision may not have been fetched yet).
private final class KnownContainment: Sendable {
    private let pairs = Mutex(Set<String>())

    func contains(_ commit: String, _ revision: String) -> Bool {
        pairs.withLock { $0.contains(commit + ":" + revision) }
    }

    func insert(_ commit: String, _ revision: String) {
        pairs.withLock { _ = $0.insert(commit + ":" + revision) }
    }
}
