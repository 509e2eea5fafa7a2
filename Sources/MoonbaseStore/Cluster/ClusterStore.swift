import Foundation
import GoCompat

extension ClusterStore {
    public func recordWorkload(_ state: WorkloadState, event: NewClusterEvent) async throws {
        try await recordWorkload(state, event: event, notifying: [])
    }

    public func recordClusterEvent(_ event: NewClusterEvent) async throws {
        try await recordClusterEvent(event, notifying: [])
    }
}

/// What the cluster daemons reported, kept so the server knows what actually runs: the last
/// state of each service's workload per environment, what Flux applied, and a timeline of
/// cluster events per service.
public protocol ClusterStore: Sendable {
    /// Sets the workload's state (one per environment, service, namespace, kind and name: a
    /// service may run several workloads) and appends `event` to the timeline, with the
    /// `notifying` events, in one transaction.
    func recordWorkload(_ state: WorkloadState, event: NewClusterEvent, notifying: [OutboxEvent]) async throws

    /// Workload states, of one environment and/or service when given, by environment and service.
    func workloadStates(environment: String?, service: String?) async throws -> [WorkloadState]

    /// Sets what a Flux Kustomization applied and appends `event`, in one transaction.
    func recordFluxApply(_ state: FluxApplyState, event: NewClusterEvent) async throws

    /// Kustomization states, of one environment when given.
    func fluxApplyStates(environment: String?) async throws -> [FluxApplyState]

    /// Appends an event that changes no state (a pod error after the rollout, a job failure, a
    /// Flux event), with the `notifying` events, in one transaction.
    func recordClusterEvent(_ event: NewClusterEvent, notifying: [OutboxEvent]) async throws

    /// The newest `limit` events, of one service and/or environment when given.
    func clusterEvents(service: String?, environment: String?, limit: Int) async throws -> [ClusterEvent]

    /// The events after `seq`, oldest first, at most `limit`: what a follower has not seen.
    func clusterEvents(after seq: Int64, limit: Int) async throws -> [ClusterEvent]

    /// The services that have an artifact `id`, for reports that name only the artifact.
    func services(withArtifact id: String) async throws -> [String]
}

/// The last thing the cluster said about one of a service's workloads in one environment.
public struct WorkloadState: Sendable, Hashable {
    public enum Phase: String, Sendable, Hashable, Codable {
        case progressing, running, failed
    }

    public var environment: String
    public var service: String
    public var namespace: String
    /// e.g. `Deployment`.
    public var kind: String
    /// The workload's (or the failing pod's workload's) name.
    public var name: String
    public var artifactID: String
    public var phase: Phase
    public var available: Int
    public var desired: Int
    /// The cluster's reason for a failure (`ProgressDeadlineExceeded`, `CrashLoopBackOff`, …).
    public var reason: String
    public var message: String
    /// The pod and container a failure was seen in, when it was a pod's.
    public var pod: String
    public var container: String
    /// When the workload entered this phase for this artifact.
    public var since: Date
    /// When it was last reported.
    public var reportedAt: Date

    public init(
        environment: String, service: String, namespace: String, kind: String, name: String, artifactID: String, phase: Phase,
        available: Int, desired: Int, reason: String = "", message: String = "", pod: String = "", container: String = "",
        since: Date, reportedAt: Date
    ) {
        self.environment = environment
        self.service = service
        self.namespace = namespace
        self.kind = kind
        self.name = name
        self.artifactID = artifactID
        self.phase = phase
        self.available = available
        self.desired = desired
        self.reason = reason
        self.message = message
        self.pod = pod
        self.container = container
        self.since = since
        self.reportedAt = reportedAt
    }
}

/// What one Flux Kustomization in an environment applied last.
public struct FluxApplyState: Sendable, Hashable {
    public var environment: String
    public var namespace: String
    public var name: String
    /// The config-repository commit of `lastAppliedRevision`, lower case; empty when unknown.
    public var appliedCommit: String
    public var revision: String
    public var ready: Bool
    public var reason: String
    public var message: String
    public var reportedAt: Date

    public init(
        environment: String, namespace: String, name: String, appliedCommit: String, revision: String, ready: Bool, reason: String,
        message: String, reportedAt: Date
    ) {
        self.environment = environment
        self.namespace = namespace
        self.name = name
        self.appliedCommit = appliedCommit
        self.revision = revision
        self.ready = ready
        self.reason = reason
        self.message = message
        self.reportedAt = reportedAt
    }
}

/// One entry of a service's cluster timeline.
public struct NewClusterEvent: Sendable, Hashable {
    public var environment: String
    /// Empty for events that are about no one service (a Flux Kustomization of several).
    public var service: String
    public var artifactID: String
    /// `rollout.progressing`, `rollout.running`, `rollout.failed`, `pod.error`, `job.error`,
    /// `flux.applied`, `flux.failed`, `flux.event`.
    public var kind: String
    /// One line for people.
    public var summary: String
    /// The report as received.
    public var details: JSONValue
    public var at: Date

    public init(environment: String, service: String, artifactID: String, kind: String, summary: String, details: JSONValue, at: Date) {
        self.environment = environment
        self.service = service
        self.artifactID = artifactID
        self.kind = kind
        self.summary = summary
        self.details = details
        self.at = at
    }
}

public struct ClusterEvent: Sendable, Hashable {
    /// Increases with every event.
    public var seq: Int64
    public var event: NewClusterEvent

    public init(seq: Int64, event: NewClusterEvent) {
        self.seq = seq
        self.event = event
    }
}
