import Foundation

// Moonbase's daemon reports more than the reference's (DaemonAPI.swift): how a rollout goes,
// what Flux applied, and Flux's own events. The server accepts both daemons.

/// `POST /webhook/daemon/k8s/rollout`: a workload is rolling an artifact out, or its rollout
/// failed. Completion is still the reference's ``DeployEvent``.
public struct RolloutEvent: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        /// New pods are coming up.
        case progressing
        /// The rollout stopped: `Progressing=False` (`ProgressDeadlineExceeded`).
        case failed
        /// The workload runs the artifact, its completion reported before: what the daemon
        /// finds when it starts, so the server knows what runs without a second notification.
        case running
    }

    public var name: String
    public var namespace: String
    /// `Deployment`, `StatefulSet` or `DaemonSet`.
    public var resourceType: String
    public var artifactID: String
    public var environment: String
    public var squad: String
    public var authorEmail: String
    public var state: State
    public var availablePods: Int
    /// The desired number of pods.
    public var replicas: Int
    /// The cluster's reason, e.g. `ProgressDeadlineExceeded`; empty while progressing.
    public var reason: String
    public var message: String

    enum CodingKeys: String, CodingKey {
        case name, namespace, resourceType, artifactID = "artifactId", environment, squad, authorEmail, state, availablePods, replicas,
            reason, message
    }

    public init(
        name: String, namespace: String, resourceType: String, artifactID: String, environment: String, squad: String,
        authorEmail: String, state: State, availablePods: Int, replicas: Int, reason: String = "", message: String = ""
    ) {
        self.name = name
        self.namespace = namespace
        self.resourceType = resourceType
        self.artifactID = artifactID
        self.environment = environment
        self.squad = squad
        self.authorEmail = authorEmail
        self.state = state
        self.availablePods = availablePods
        self.replicas = replicas
        self.reason = reason
        self.message = message
    }

    /// Leniently, as the other reports: absent fields are empty; `state` is required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.goString(.name)
        namespace = try container.goString(.namespace)
        resourceType = try container.goString(.resourceType)
        artifactID = try container.goString(.artifactID)
        environment = try container.goString(.environment)
        squad = try container.goString(.squad)
        authorEmail = try container.goString(.authorEmail)
        state = try container.decode(State.self, forKey: .state)
        availablePods = try container.goInt(.availablePods)
        replicas = try container.goInt(.replicas)
        reason = try container.goString(.reason)
        message = try container.goString(.message)
    }
}

/// `POST /webhook/daemon/flux/kustomization`: the state of a Flux `Kustomization`, sent when
/// its readiness or applied revision changes.
public struct KustomizationEvent: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String
    public var environment: String
    /// The `Ready` condition is `True`.
    public var ready: Bool
    public var reason: String
    public var message: String
    /// e.g. `main@sha1:5fd3…` (Flux v2.x) or `main/5fd3…` (older).
    public var lastAppliedRevision: String
    public var lastAttemptedRevision: String

    public init(
        name: String, namespace: String, environment: String, ready: Bool, reason: String, message: String,
        lastAppliedRevision: String, lastAttemptedRevision: String
    ) {
        self.name = name
        self.namespace = namespace
        self.environment = environment
        self.ready = ready
        self.reason = reason
        self.message = message
        self.lastAppliedRevision = lastAppliedRevision
        self.lastAttemptedRevision = lastAttemptedRevision
    }

    enum CodingKeys: String, CodingKey {
        case name, namespace, environment, ready, reason, message, lastAppliedRevision, lastAttemptedRevision
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.goString(.name)
        namespace = try container.goString(.namespace)
        environment = try container.goString(.environment)
        ready = try container.decodeIfPresent(Bool.self, forKey: .ready) ?? false
        reason = try container.goString(.reason)
        message = try container.goString(.message)
        lastAppliedRevision = try container.goString(.lastAppliedRevision)
        lastAttemptedRevision = try container.goString(.lastAttemptedRevision)
    }

    /// The commit of a Flux revision: `main@sha1:<sha>`, `main/<sha>` or a bare sha.
    public static func commit(ofRevision revision: String) -> String? {
        let candidate: Substring
        if let range = revision.range(of: "sha1:") ?? revision.range(of: "sha256:") {
            candidate = revision[range.upperBound...]
        } else if let slash = revision.lastIndex(of: "/") {
            candidate = revision[revision.index(after: slash)...]
        } else {
            candidate = Substring(revision)
        }
        guard candidate.count >= 7, candidate.allSatisfy(\.isHexDigit) else { return nil }
        return candidate.lowercased()
    }
}

/// A Flux notification-controller event (fluxcd/pkg `runtime/events.Event`) as Flux's
/// `generic` provider posts it to the daemon's `/webhook/flux2-alerts`, forwarded to the
/// server's `POST /webhook/daemon/flux/event` with the daemon's environment.
public struct FluxEvent: Sendable, Hashable, Codable {
    public struct InvolvedObject: Sendable, Hashable, Codable {
        public var kind: String?
        public var namespace: String?
        public var name: String?
        public var uid: String?
        public var apiVersion: String?
        public var resourceVersion: String?
    }

    public var involvedObject: InvolvedObject
    /// `info` or `error` (`trace` from newer controllers).
    public var severity: String
    public var timestamp: String
    public var message: String
    public var reason: String
    public var metadata: [String: String]?
    public var reportingController: String
    public var reportingInstance: String?
    /// Added by the daemon; not part of Flux's event.
    public var environment: String?

    enum CodingKeys: String, CodingKey {
        case involvedObject, severity, timestamp, message, reason, metadata, reportingController, reportingInstance, environment
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        involvedObject = try container.decode(InvolvedObject.self, forKey: .involvedObject)
        severity = try container.goString(.severity)
        timestamp = try container.goString(.timestamp)
        message = try container.goString(.message)
        reason = try container.goString(.reason)
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata)
        reportingController = try container.goString(.reportingController)
        reportingInstance = try container.decodeIfPresent(String.self, forKey: .reportingInstance)
        environment = try container.decodeIfPresent(String.self, forKey: .environment)
    }

    /// The config-repository revision the event is about, from its metadata
    /// (`kustomize.toolkit.fluxcd.io/revision`, or `revision` from older controllers).
    public var revision: String? {
        metadata?.first(where: { $0.key.hasSuffix("/revision") || $0.key == "revision" })?.value
    }
}
