import Foundation
import GoCompat

/// What actually runs: a release's way from the commit to running pods, as the cluster
/// daemon reported it (Moonbase; the reference never knows).
public struct ClusterState: Sendable, Hashable, Codable {
    public enum Phase: String, Sendable, Hashable, Codable {
        /// Released; the cluster has not said anything about it yet.
        case pending
        /// Flux applied a config-repository revision that contains the release commit.
        case applied
        /// New pods are coming up.
        case rollingOut = "rolling-out"
        /// Every desired pod runs the released artifact.
        case running
        /// The rollout failed, or the released artifact's pods cannot run.
        case failed
    }

    public var phase: Phase
    /// The artifact the cluster last reported for the workload; may differ from the released one.
    public var artifactID: String
    public var available: Int
    public var desired: Int
    /// When the workload entered its phase.
    public var since: GoTime
    public var reason: String
    public var message: String
    public var pod: String
    public var container: String
    /// The Flux revision of the environment, e.g. `main@sha1:…`, when one was reported.
    public var appliedRevision: String
    /// The cluster runs another artifact than the config repository says it should.
    public var drift: Bool
    /// When the cluster last reported anything for this service; zero when never.
    public var reportedAt: GoTime

    enum CodingKeys: String, CodingKey {
        case phase, artifactID = "artifactId", available, desired, since, reason, message, pod, container, appliedRevision, drift, reportedAt
    }

    public init(
        phase: Phase, artifactID: String = "", available: Int = 0, desired: Int = 0, since: GoTime = .zero, reason: String = "",
        message: String = "", pod: String = "", container: String = "", appliedRevision: String = "", drift: Bool = false,
        reportedAt: GoTime = .zero
    ) {
        self.phase = phase
        self.artifactID = artifactID
        self.available = available
        self.desired = desired
        self.since = since
        self.reason = reason
        self.message = message
        self.pod = pod
        self.container = container
        self.appliedRevision = appliedRevision
        self.drift = drift
        self.reportedAt = reportedAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        phase = try container.decodeIfPresent(Phase.self, forKey: .phase) ?? .pending
        artifactID = try container.goString(.artifactID)
        available = try container.goInt(.available)
        desired = try container.goInt(.desired)
        since = try container.decodeIfPresent(GoTime.self, forKey: .since) ?? .zero
        reason = try container.goString(.reason)
        message = try container.goString(.message)
        pod = try container.goString(.pod)
        self.container = try container.goString(.container)
        appliedRevision = try container.goString(.appliedRevision)
        drift = try container.decodeIfPresent(Bool.self, forKey: .drift) ?? false
        reportedAt = try container.decodeIfPresent(GoTime.self, forKey: .reportedAt) ?? .zero
    }

    /// One line for people: `running 3/3`, `failed: ProgressDeadlineExceeded`, `rolling out 1/3`.
    public var summary: String {
        var text: String
        switch phase {
        case .pending: text = "pending"
        case .applied: text = "applied"
        case .rollingOut: text = "rolling out \(available)/\(desired)"
        case .running: text = "running \(available)/\(desired)"
        case .failed: text = reason.isEmpty ? "failed" : "failed: \(reason)"
        }
        if drift { text += " (drift: cluster runs \(artifactID))" }
        return text
    }
}

/// `GET /cluster/state?service=S&environment=E`: the cluster state of every release (of one
/// service and/or environment when given).
public struct ClusterStateResponse: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var service: String
        public var environment: String
        public var namespace: String
        /// What the config repository says should run.
        public var releasedArtifactID: String
        public var releaseCommit: String
        public var state: ClusterState

        enum CodingKeys: String, CodingKey {
            case service, environment, namespace, releasedArtifactID = "releasedArtifactId", releaseCommit, state
        }

        public init(service: String, environment: String, namespace: String, releasedArtifactID: String, releaseCommit: String, state: ClusterState) {
            self.service = service
            self.environment = environment
            self.namespace = namespace
            self.releasedArtifactID = releasedArtifactID
            self.releaseCommit = releaseCommit
            self.state = state
        }
    }

    public var states: [Entry]

    public init(states: [Entry]) {
        self.states = states
    }
}

/// `GET /cluster/events?service=S&environment=E&limit=N`: the cluster's timeline, newest first.
public struct ClusterEventsResponse: Sendable, Hashable, Codable {
    public struct Event: Sendable, Hashable, Codable {
        public var seq: Int64
        public var environment: String
        public var service: String
        public var artifactID: String
        /// `rollout.progressing`, `rollout.running`, `rollout.failed`, `pod.error`, `job.error`,
        /// `flux.applied`, `flux.failed`, `flux.event`.
        public var kind: String
        public var summary: String
        public var at: GoTime
        /// The daemon's report as received.
        public var details: JSONValue

        enum CodingKeys: String, CodingKey {
            case seq, environment, service, artifactID = "artifactId", kind, summary, at, details
        }

        public init(seq: Int64, environment: String, service: String, artifactID: String, kind: String, summary: String, at: GoTime, details: JSONValue) {
            self.seq = seq
            self.environment = environment
            self.service = service
            self.artifactID = artifactID
            self.kind = kind
            self.summary = summary
            self.at = at
            self.details = details
        }
    }

    public var events: [Event]

    public init(events: [Event]) {
        self.events = events
    }
}
