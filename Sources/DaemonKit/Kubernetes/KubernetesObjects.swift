import Foundation

// The parts of the Kubernetes objects the daemon reads (API reference, apps/v1, batch/v1,
// core/v1 and Flux's kustomize.toolkit.fluxcd.io/v1). Every field is optional: the API leaves
// out zero values, and a BOOKMARK carries nothing but metadata.

/// An object the daemon watches.
public protocol KubernetesObject: Decodable, Sendable {
    var metadata: ObjectMeta { get }
}

extension KubernetesObject {
    /// `namespace/name`, the informer's key.
    var key: String { "\(metadata.namespace ?? "")/\(metadata.name ?? "")" }
}

public struct ObjectMeta: Decodable, Sendable, Equatable {
    public var name: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int?
    public var deletionTimestamp: String?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var ownerReferences: [OwnerReference]?

    public struct OwnerReference: Decodable, Sendable, Equatable {
        public var kind: String?
        public var name: String?
    }

    public init(name: String? = nil, namespace: String? = nil, annotations: [String: String]? = nil, labels: [String: String]? = nil) {
        self.name = name
        self.namespace = namespace
        self.annotations = annotations
        self.labels = labels
    }
}

/// `status.conditions[]` of workloads, jobs and Flux objects.
public struct Condition: Decodable, Sendable, Equatable {
    public var type: String?
    public var status: String?
    public var reason: String?
    public var message: String?
    public var lastTransitionTime: String?
}

extension [Condition] {
    func named(_ type: String) -> Condition? { first(where: { $0.type == type }) }
}

/// A pod template's metadata, where a workload's pods get their labels.
public struct PodTemplate: Decodable, Sendable {
    public var metadata: ObjectMeta?
}

public struct Deployment: KubernetesObject {
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public struct Spec: Decodable, Sendable {
        public var replicas: Int?
        public var template: PodTemplate?
    }

    public struct Status: Decodable, Sendable {
        public var observedGeneration: Int?
        public var replicas: Int?
        public var updatedReplicas: Int?
        public var readyReplicas: Int?
        public var availableReplicas: Int?
        public var unavailableReplicas: Int?
        public var conditions: [Condition]?
    }
}

public struct StatefulSet: KubernetesObject {
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public struct Spec: Decodable, Sendable {
        public var replicas: Int?
        public var template: PodTemplate?
    }

    public struct Status: Decodable, Sendable {
        public var observedGeneration: Int?
        public var replicas: Int?
        public var readyReplicas: Int?
        public var currentReplicas: Int?
        public var updatedReplicas: Int?
        public var availableReplicas: Int?
    }
}

public struct DaemonSet: KubernetesObject {
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public struct Spec: Decodable, Sendable {
        public var template: PodTemplate?
    }

    public struct Status: Decodable, Sendable {
        public var observedGeneration: Int?
        public var desiredNumberScheduled: Int?
        public var currentNumberScheduled: Int?
        public var numberReady: Int?
        public var updatedNumberScheduled: Int?
        public var numberAvailable: Int?
        public var numberUnavailable: Int?
        public var numberMisscheduled: Int?
    }
}

public struct Job: KubernetesObject {
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public struct Spec: Decodable, Sendable {
        public var template: PodTemplate?
    }

    public struct Status: Decodable, Sendable {
        public var conditions: [Condition]?
    }
}

public struct Pod: KubernetesObject {
    public var metadata: ObjectMeta
    public var status: Status?

    public struct Status: Decodable, Sendable {
        public var phase: String?
        public var containerStatuses: [ContainerStatus]?
    }

    public struct ContainerStatus: Decodable, Sendable {
        public var name: String?
        public var restartCount: Int?
        public var state: ContainerState?
        public var lastState: ContainerState?
    }

    public struct ContainerState: Decodable, Sendable {
        public var waiting: Reason?
        public var terminated: Reason?
    }

    public struct Reason: Decodable, Sendable {
        public var reason: String?
        public var message: String?
        public var exitCode: Int?
    }
}

/// Flux's `Kustomization` (kustomize.toolkit.fluxcd.io/v1): which revision of its source it
/// has applied.
public struct Kustomization: KubernetesObject {
    public var metadata: ObjectMeta
    public var status: Status?

    public struct Status: Decodable, Sendable {
        public var observedGeneration: Int?
        public var lastAppliedRevision: String?
        public var lastAttemptedRevision: String?
        public var conditions: [Condition]?
    }
}

/// A LIST answer: the items and the resourceVersion to watch from.
struct ObjectList<Object: KubernetesObject>: Decodable {
    struct Metadata: Decodable {
        var resourceVersion: String?
        /// Where the next page starts; absent on the last page.
        var continueToken: String?

        enum CodingKeys: String, CodingKey {
            case resourceVersion, continueToken = "continue"
        }
    }

    var metadata: Metadata?
    var items: [Object]?
}

/// The API's `Status`: what a refusal or a watch's ERROR event carries.
struct KubernetesStatus: Decodable {
    var status: String?
    var message: String?
    var reason: String?
    var code: Int?
}
