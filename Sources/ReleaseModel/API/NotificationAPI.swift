import Foundation

/// What Moonbase tells receivers about (webhooks subscribe to these names; Slack, Grafana and
/// GitHub act on some of them).
public enum NotificationType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A release, promotion, rollback or auto-release was committed and pushed.
    case released
    /// A policy (a branch restriction) refused a release.
    case releaseRefused = "release.refused"
    /// A release could not be committed or pushed.
    case releaseFailed = "release.failed"
    /// A workload runs the released artifact with all its pods (from the cluster daemon).
    case rolloutSucceeded = "rollout.succeeded"
    /// A workload's rollout of the released artifact failed (from the cluster daemon).
    case rolloutFailed = "rollout.failed"
    /// Containers of a pod crash, cannot start or cannot pull their image.
    case podError = "pod.error"
    /// A job failed.
    case jobError = "job.error"
    /// A release policy was applied or deleted.
    case policyChanged = "policy.changed"
    /// A new artifact was uploaded.
    case artifactCreated = "artifact.created"

    /// Whether the event concerns one environment (all but policy changes and new artifacts).
    public var hasEnvironment: Bool {
        switch self {
        case .policyChanged, .artifactCreated: false
        default: true
        }
    }
}

/// A notification as receivers get it: a CloudEvents 1.0 event in structured mode
/// (`application/cloudevents+json`, github.com/cloudevents/spec `json-format.md`).
public struct CloudEvent: Sendable, Hashable, Codable {
    public var specversion = "1.0"
    /// Unique per event and kept across redeliveries: receivers use it to drop duplicates.
    public var id: String
    /// The Moonbase that sent it (its public URL).
    public var source: String
    public var type: NotificationType
    /// `<service>/<environment>`, or `<service>` for events without an environment.
    public var subject: String
    /// When it happened, RFC 3339.
    public var time: String
    public var datacontenttype = "application/json"
    public var data: NotificationData

    public init(id: String, source: String, type: NotificationType, subject: String, time: Date, data: NotificationData) {
        self.id = id
        self.source = source
        self.type = type
        self.subject = subject
        self.time = CloudEvent.timeFormat.string(from: time)
        self.data = data
    }

    public static var timeFormat: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}

/// The `data` of every notification. Which members appear depends on the type (members that
/// do not apply are left out):
///
/// | type | members beside `service` |
/// |---|---|
/// | `released` | environment, namespace, squad, artifact, release |
/// | `release.refused`, `release.failed` | environment, namespace, squad, artifact, release, message |
/// | `rollout.succeeded`, `rollout.failed` | environment, namespace, squad, artifact, release (when the store knows it), workload, message (failed) |
/// | `pod.error`, `job.error` | environment, namespace, squad, artifact, errors, alertChannel (pods) |
/// | `policy.changed` | policy |
/// | `artifact.created` | squad, artifact |
public struct NotificationData: Sendable, Hashable, Codable {
    public var service: String
    public var environment: String?
    public var namespace: String?
    public var squad: String?
    public var artifact: Artifact?
    public var release: Release?
    /// Why a release was refused or failed; what a failed rollout says.
    public var message: String?
    public var workload: Workload?
    public var errors: [ContainerError]?
    /// The Slack channel the daemon names for the service's alerts (`#squad-<squad>-alerts`).
    public var alertChannel: String?
    public var policy: PolicyChange?

    public init(
        service: String, environment: String? = nil, namespace: String? = nil, squad: String? = nil, artifact: Artifact? = nil,
        release: Release? = nil, message: String? = nil, workload: Workload? = nil, errors: [ContainerError]? = nil,
        alertChannel: String? = nil, policy: PolicyChange? = nil
    ) {
        self.service = service
        self.environment = environment
        self.namespace = namespace
        self.squad = squad
        self.artifact = artifact
        self.release = release
        self.message = message
        self.workload = workload
        self.errors = errors
        self.alertChannel = alertChannel
        self.policy = policy
    }

    /// The artifact an event is about and the application commit it was built from.
    public struct Artifact: Sendable, Hashable, Codable {
        public var id: String
        public var branch: String
        /// The application commit.
        public var sha: String
        public var message: String
        public var author: Person
        public var committer: Person
        /// The application repository (e.g. `https://github.com/lunarway/product`).
        public var repositoryURL: String
        /// `github`, `bitbucket`, …, as the pipeline recorded it.
        public var provider: String
        /// The commit's page, when the repository URL makes one.
        public var commitURL: String?

        public init(id: String, branch: String, sha: String, message: String, author: Person, committer: Person, repositoryURL: String, provider: String, commitURL: String?) {
            self.id = id
            self.branch = branch
            self.sha = sha
            self.message = message
            self.author = author
            self.committer = committer
            self.repositoryURL = repositoryURL
            self.provider = provider
            self.commitURL = commitURL
        }

        /// The artifact's description of itself.
        public init(_ spec: ArtifactSpec) {
            let application = spec.application
            let url = application.url.hasSuffix("/") ? String(application.url.dropLast()) : application.url
            self.init(
                id: spec.id, branch: application.branch, sha: application.sha, message: application.message,
                author: Person(name: application.authorName, email: application.authorEmail),
                committer: Person(name: application.committerName, email: application.committerEmail),
                repositoryURL: application.url, provider: application.provider,
                commitURL: url.hasPrefix("http") && !application.sha.isEmpty ? "\(url)/commit/\(application.sha)" : nil)
        }
    }

    /// The release request behind a `released`, `release.refused` or `release.failed` event.
    public struct Release: Sendable, Hashable, Codable {
        /// The release's id (`hamctl release` prints it; `GET /release/{id}` answers for it).
        public var id: String
        public var intent: Intent
        public var releasedBy: Person
        public var reason: String?
        /// The config repository's commit (released only).
        public var commit: String?

        public init(id: String, intent: Intent, releasedBy: Person, reason: String?, commit: String?) {
            self.id = id
            self.intent = intent
            self.releasedBy = releasedBy
            self.reason = reason
            self.commit = commit
        }
    }

    /// The workload a rollout event is about.
    public struct Workload: Sendable, Hashable, Codable {
        /// `Deployment`, `StatefulSet`, `DaemonSet`.
        public var kind: String
        public var name: String
        public var availablePods: Int
        public var desiredPods: Int
        /// Why a rollout failed (`ProgressDeadlineExceeded`, `CrashLoopBackOff`, …).
        public var reason: String?

        public init(kind: String, name: String, availablePods: Int, desiredPods: Int, reason: String?) {
            self.kind = kind
            self.name = name
            self.availablePods = availablePods
            self.desiredPods = desiredPods
            self.reason = reason
        }
    }

    /// A container's (pod errors) or a job's (job errors) failure.
    public struct ContainerError: Sendable, Hashable, Codable {
        /// The pod or the job.
        public var object: String
        /// The container (pods) or the condition's reason (jobs).
        public var name: String
        /// `CrashLoopBackOff`, `ImagePullBackOff`, `OOMKilled`, `BackoffLimitExceeded`, …
        public var type: String
        public var message: String

        public init(object: String, name: String, type: String, message: String) {
            self.object = object
            self.name = name
            self.type = type
            self.message = message
        }
    }

    /// A policy applied or deleted.
    public struct PolicyChange: Sendable, Hashable, Codable {
        /// `apply` or `delete`.
        public var action: String
        /// The policies' ids.
        public var ids: [String]
        /// What the policy is: `auto-release`, `branch-restriction`, `auto-rollback`; empty for deletions.
        public var kind: String
        public var environment: String?
        public var branch: String?
        public var changedBy: Person
        /// The config repository's commit.
        public var commit: String

        public init(action: String, ids: [String], kind: String, environment: String?, branch: String?, changedBy: Person, commit: String) {
            self.action = action
            self.ids = ids
            self.kind = kind
            self.environment = environment
            self.branch = branch
            self.changedBy = changedBy
            self.commit = commit
        }
    }
}
