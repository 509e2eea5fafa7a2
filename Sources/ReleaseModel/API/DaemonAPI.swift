import Foundation

/// What the cluster daemon reports (spec §1.4), decoded leniently as the reference does: absent
/// fields are empty, unknown fields are ignored.

/// `POST /webhook/daemon/k8s/deploy`: a workload finished rolling out an artifact.
public struct DeployEvent: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String
    /// `Deployment`, `StatefulSet` or `DaemonSet`.
    public var resourceType: String
    public var availablePods: Int
    /// The desired number of pods.
    public var replicas: Int
    public var artifactID: String
    public var authorEmail: String
    public var squad: String
    public var environment: String

    enum CodingKeys: String, CodingKey {
        case name, namespace, resourceType, availablePods, replicas, artifactID = "artifactId", authorEmail, squad, environment
    }

    public init(
        name: String, namespace: String, resourceType: String, availablePods: Int, replicas: Int, artifactID: String,
        authorEmail: String, squad: String, environment: String
    ) {
        self.name = name
        self.namespace = namespace
        self.resourceType = resourceType
        self.availablePods = availablePods
        self.replicas = replicas
        self.artifactID = artifactID
        self.authorEmail = authorEmail
        self.squad = squad
        self.environment = environment
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.goString(.name)
        namespace = try container.goString(.namespace)
        resourceType = try container.goString(.resourceType)
        availablePods = try container.goInt(.availablePods)
        replicas = try container.goInt(.replicas)
        artifactID = try container.goString(.artifactID)
        authorEmail = try container.goString(.authorEmail)
        squad = try container.goString(.squad)
        environment = try container.goString(.environment)
    }
}

/// `POST /webhook/daemon/k8s/error`: containers of a pod crash, cannot start or were OOM-killed.
public struct PodErrorEvent: Sendable, Hashable, Codable {
    public struct ContainerError: Sendable, Hashable, Codable {
        public var name: String
        public var message: String
        /// `CrashLoopBackOff`, `CreateContainerConfigError`, `OOMKilled`, and (Moonbase's daemon)
        /// `ImagePullBackOff`, `ErrImagePull`.
        public var type: String

        public init(name: String, message: String, type: String) {
            self.name = name
            self.message = message
            self.type = type
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.goString(.name)
            message = try container.goString(.message)
            type = try container.goString(.type)
        }
    }

    public var podName: String
    public var namespace: String
    public var errors: [ContainerError]
    public var authorEmail: String
    public var environment: String
    public var artifactID: String
    public var squad: String
    public var alertSquad: String

    enum CodingKeys: String, CodingKey {
        case podName, namespace, errors, authorEmail, environment, artifactID = "artifactId", squad, alertSquad
    }

    public init(
        podName: String, namespace: String, errors: [ContainerError], authorEmail: String, environment: String, artifactID: String,
        squad: String, alertSquad: String
    ) {
        self.podName = podName
        self.namespace = namespace
        self.errors = errors
        self.authorEmail = authorEmail
        self.environment = environment
        self.artifactID = artifactID
        self.squad = squad
        self.alertSquad = alertSquad
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        podName = try container.goString(.podName)
        namespace = try container.goString(.namespace)
        errors = try container.decodeIfPresent([ContainerError].self, forKey: .errors) ?? []
        authorEmail = try container.goString(.authorEmail)
        environment = try container.goString(.environment)
        artifactID = try container.goString(.artifactID)
        squad = try container.goString(.squad)
        alertSquad = try container.goString(.alertSquad)
    }
}

/// `POST /webhook/daemon/k8s/joberror`: a job failed.
public struct JobErrorEvent: Sendable, Hashable, Codable {
    public struct ConditionError: Sendable, Hashable, Codable {
        public var reason: String
        public var message: String

        public init(reason: String, message: String) {
            self.reason = reason
            self.message = message
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            reason = try container.goString(.reason)
            message = try container.goString(.message)
        }
    }

    public var jobName: String
    public var namespace: String
    public var errors: [ConditionError]
    public var authorEmail: String
    public var environment: String
    public var artifactID: String
    public var squad: String

    enum CodingKeys: String, CodingKey {
        case jobName, namespace, errors, authorEmail, environment, artifactID = "artifactId", squad
    }

    public init(
        jobName: String, namespace: String, errors: [ConditionError], authorEmail: String, environment: String, artifactID: String,
        squad: String
    ) {
        self.jobName = jobName
        self.namespace = namespace
        self.errors = errors
        self.authorEmail = authorEmail
        self.environment = environment
        self.artifactID = artifactID
        self.squad = squad
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jobName = try container.goString(.jobName)
        namespace = try container.goString(.namespace)
        errors = try container.decodeIfPresent([ConditionError].self, forKey: .errors) ?? []
        authorEmail = try container.goString(.authorEmail)
        environment = try container.goString(.environment)
        artifactID = try container.goString(.artifactID)
        squad = try container.goString(.squad)
    }
}

/// The `{}` the daemon routes and the artifact upload answer with (the reference clients
/// always decode a JSON body).
public struct EmptyResponse: Sendable, Hashable, Codable {
    public init() {}
}
