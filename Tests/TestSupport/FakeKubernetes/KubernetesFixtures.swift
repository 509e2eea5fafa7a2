import Foundation
import GoCompat

/// Objects in the shapes the Kubernetes API returns them (`kubectl get -o json`), to ``put``
/// into a ``FakeKubernetesAPI``. Field names and order follow the Go types
/// (staging/src/k8s.io/api/{apps,batch,core}/v1/types.go, Kubernetes API reference at
/// kubernetes.io/docs/reference/kubernetes-api/workload-resources); condition reasons and
/// messages are the controllers' own (pkg/controller/deployment/progress.go,
/// pkg/controller/deployment/util, the Job controller, the kubelet's image manager and
/// kuberuntime back-off); Flux's Kustomization follows fluxcd/kustomize-controller `api/v1`.
///
/// Workloads carry the release manager's marks: the annotations
/// `lunarway.com/controlled-by-release-manager: "true"`, `lunarway.com/artifact-id` and
/// `lunarway.com/author`, and the `squad` label, on the object and on its pod template. Names,
/// uids, hashes and addresses derive from the inputs, so the same call builds the same object.
///
/// Status helpers take the object (as built or as ``FakeKubernetesAPI/put(_:_:)`` returned
/// it) and return it with a new `status`; `observedGeneration` is the object's generation (1
/// when it has none yet, which is what the fake assigns on creation).
public enum KubernetesFixtures {
    // MARK: Deployments

    /// A Deployment as created (empty `status`), with `deployment.kubernetes.io/revision: "1"`
    /// as the deployment controller writes it. The image defaults to
    /// `quay.io/lunarway/<name>:<artifactID>`.
    public static func deployment(
        name: String, namespace: String = "dev", artifactID: String = "master-1a2b3c4d5e-6f7a8b9c0d", author: String = "alice@example.com",
        squad: String = "bank", replicas: Int = 2, image: String? = nil, annotations: [String: String] = [:]
    ) -> JSONValue {
        let marks = releaseAnnotations(artifactID: artifactID, author: author, extra: annotations)
        let labels = ["app": name, "squad": squad]
        let template = podTemplate(container: name, image: image ?? defaultImage(name, artifactID), labels: labels, annotations: marks)
        return parse("""
            {
              "kind": "Deployment",
              "apiVersion": "apps/v1",
              "metadata": {
                "name": \(q(name)),
                "namespace": \(q(namespace)),
                "labels": \(map(labels)),
                "annotations": \(map(marks.merging(["deployment.kubernetes.io/revision": "1"]) { $1 }))
              },
              "spec": {
                "replicas": \(replicas),
                "selector": {"matchLabels": {"app": \(q(name))}},
                "template": \(template.goCompact()),
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                "revisionHistoryLimit": 10,
                "progressDeadlineSeconds": 600
              },
              "status": {}
            }
            """)
    }

    /// Mid-rollout: `updated` pods of the new ReplicaSet exist (one surge pod over
    /// `spec.replicas`), `ready`/`available` count old and new pods; Progressing=True
    /// `ReplicaSetUpdated` (`ReplicaSet "x-abc" is progressing.`) and Available by the
    /// default `maxUnavailable` of 25 %.
    public static func deploymentRollingOut(_ deployment: JSONValue, updated: Int = 1, ready: Int? = nil, available: Int? = nil, at time: Date = Date()) -> JSONValue {
        let replicas = desiredReplicas(deployment)
        let available = available ?? ready ?? replicas
        let replicaSet = replicaSetName(for: deployment)
        return withStatus(deployment, parse("""
            {
              "observedGeneration": \(generation(deployment)),
              "replicas": \(replicas + (updated < replicas ? 1 : 0)),
              "updatedReplicas": \(updated),
              "readyReplicas": \(ready ?? replicas),
              "availableReplicas": \(available),
              "unavailableReplicas": \(max(0, replicas - available)),
              "conditions": [
                \(availableCondition(replicas: replicas, available: available, at: time.addingTimeInterval(-600)).goCompact()),
                \(deploymentCondition("Progressing", true, reason: "ReplicaSetUpdated", message: "ReplicaSet \"\(replicaSet)\" is progressing.",
                    updated: time, transitioned: time.addingTimeInterval(-30)).goCompact())
              ]
            }
            """))
    }

    /// Rolled out: every count equals `spec.replicas`, `observedGeneration` is the generation,
    /// Available=True `MinimumReplicasAvailable` and Progressing=True `NewReplicaSetAvailable`
    /// (`ReplicaSet "x-abc" has successfully progressed.`).
    public static func deploymentComplete(_ deployment: JSONValue, at time: Date = Date()) -> JSONValue {
        let replicas = desiredReplicas(deployment)
        let replicaSet = replicaSetName(for: deployment)
        return withStatus(deployment, parse("""
            {
              "observedGeneration": \(generation(deployment)),
              "replicas": \(replicas),
              "updatedReplicas": \(replicas),
              "readyReplicas": \(replicas),
              "availableReplicas": \(replicas),
              "conditions": [
                \(availableCondition(replicas: replicas, available: replicas, at: time.addingTimeInterval(-600)).goCompact()),
                \(deploymentCondition("Progressing", true, reason: "NewReplicaSetAvailable", message: "ReplicaSet \"\(replicaSet)\" has successfully progressed.",
                    updated: time, transitioned: time.addingTimeInterval(-60)).goCompact())
              ]
            }
            """))
    }

    /// Past `progressDeadlineSeconds`: Progressing=False `ProgressDeadlineExceeded` with the
    /// controller's message `ReplicaSet "x-abc" has timed out progressing.`; the old pods still
    /// serve (`available` defaults to `spec.replicas`).
    public static func deploymentFailed(_ deployment: JSONValue, updated: Int = 1, available: Int? = nil, at time: Date = Date()) -> JSONValue {
        let replicas = desiredReplicas(deployment)
        let available = available ?? replicas
        let replicaSet = replicaSetName(for: deployment)
        return withStatus(deployment, parse("""
            {
              "observedGeneration": \(generation(deployment)),
              "replicas": \(replicas + (updated < replicas ? 1 : 0)),
              "updatedReplicas": \(updated),
              "readyReplicas": \(available),
              "availableReplicas": \(available),
              "unavailableReplicas": \(max(0, replicas - available)),
              "conditions": [
                \(availableCondition(replicas: replicas, available: available, at: time.addingTimeInterval(-1200)).goCompact()),
                \(deploymentCondition("Progressing", false, reason: "ProgressDeadlineExceeded", message: "ReplicaSet \"\(replicaSet)\" has timed out progressing.",
                    updated: time, transitioned: time).goCompact())
              ]
            }
            """))
    }

    /// The deployment's current ReplicaSet: `<name>-<pod-template-hash>`.
    public static func replicaSetName(for deployment: JSONValue) -> String {
        "\(deployment.field("metadata", "name")?.textValue ?? "deployment")-\(podTemplateHash(deployment))"
    }

    /// A stand-in for the pod-template-hash label: derived from the pod template, so a new
    /// artifact makes a new ReplicaSet name.
    public static func podTemplateHash(_ workload: JSONValue) -> String {
        safeString((workload.field("spec", "template") ?? .null).sortedKeys().goCompact(), length: 10)
    }

    // MARK: StatefulSets, DaemonSets, Jobs

    /// A StatefulSet as created (`status` with its two required counts at zero).
    public static func statefulSet(
        name: String, namespace: String = "dev", artifactID: String = "master-1a2b3c4d5e-6f7a8b9c0d", author: String = "alice@example.com",
        squad: String = "bank", replicas: Int = 3, image: String? = nil, annotations: [String: String] = [:]
    ) -> JSONValue {
        let marks = releaseAnnotations(artifactID: artifactID, author: author, extra: annotations)
        let labels = ["app": name, "squad": squad]
        let template = podTemplate(container: name, image: image ?? defaultImage(name, artifactID), labels: labels, annotations: marks)
        return parse("""
            {
              "kind": "StatefulSet",
              "apiVersion": "apps/v1",
              "metadata": {"name": \(q(name)), "namespace": \(q(namespace)), "labels": \(map(labels)), "annotations": \(map(marks))},
              "spec": {
                "replicas": \(replicas),
                "selector": {"matchLabels": {"app": \(q(name))}},
                "template": \(template.goCompact()),
                "serviceName": \(q(name)),
                "podManagementPolicy": "OrderedReady",
                "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
                "revisionHistoryLimit": 10,
                "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"}
              },
              "status": {"replicas": 0, "availableReplicas": 0}
            }
            """)
    }

    /// Every replica ready and current: `currentRevision == updateRevision`.
    public static func statefulSetReady(_ statefulSet: JSONValue) -> JSONValue {
        let replicas = desiredReplicas(statefulSet)
        let revision = controllerRevision(statefulSet)
        return withStatus(statefulSet, parse("""
            {
              "observedGeneration": \(generation(statefulSet)),
              "replicas": \(replicas),
              "readyReplicas": \(replicas),
              "currentReplicas": \(replicas),
              "updatedReplicas": \(replicas),
              "currentRevision": \(q(revision)),
              "updateRevision": \(q(revision)),
              "collisionCount": 0,
              "availableReplicas": \(replicas)
            }
            """))
    }

    /// A DaemonSet as created (`status` with its four required counts at zero).
    public static func daemonSet(
        name: String, namespace: String = "dev", artifactID: String = "master-1a2b3c4d5e-6f7a8b9c0d", author: String = "alice@example.com",
        squad: String = "bank", image: String? = nil, annotations: [String: String] = [:]
    ) -> JSONValue {
        let marks = releaseAnnotations(artifactID: artifactID, author: author, extra: annotations)
        let labels = ["app": name, "squad": squad]
        let template = podTemplate(container: name, image: image ?? defaultImage(name, artifactID), labels: labels, annotations: marks)
        return parse("""
            {
              "kind": "DaemonSet",
              "apiVersion": "apps/v1",
              "metadata": {
                "name": \(q(name)), "namespace": \(q(namespace)), "labels": \(map(labels)),
                "annotations": \(map(marks.merging(["deprecated.daemonset.template.generation": "1"]) { $1 }))
              },
              "spec": {
                "selector": {"matchLabels": {"app": \(q(name))}},
                "template": \(template.goCompact()),
                "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
                "revisionHistoryLimit": 10
              },
              "status": {"currentNumberScheduled": 0, "numberMisscheduled": 0, "desiredNumberScheduled": 0, "numberReady": 0}
            }
            """)
    }

    /// Scheduled, updated, ready and available on all `nodes`.
    public static func daemonSetReady(_ daemonSet: JSONValue, nodes: Int = 3) -> JSONValue {
        withStatus(daemonSet, parse("""
            {
              "currentNumberScheduled": \(nodes),
              "numberMisscheduled": 0,
              "desiredNumberScheduled": \(nodes),
              "numberReady": \(nodes),
              "observedGeneration": \(generation(daemonSet)),
              "updatedNumberScheduled": \(nodes),
              "numberAvailable": \(nodes)
            }
            """))
    }

    /// A Job as created, with the selector and labels the API server generates from its uid
    /// (which the fixture sets, so they agree).
    public static func job(
        name: String, namespace: String = "dev", artifactID: String = "master-1a2b3c4d5e-6f7a8b9c0d", author: String = "alice@example.com",
        squad: String = "bank", image: String? = nil, backoffLimit: Int = 6, annotations: [String: String] = [:]
    ) -> JSONValue {
        let uid = uid(for: "job/\(namespace)/\(name)")
        let marks = releaseAnnotations(artifactID: artifactID, author: author, extra: annotations)
        let labels = ["app": name, "squad": squad]
        let podLabels = labels.merging([
            "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name, "controller-uid": uid, "job-name": name,
        ]) { $1 }
        let template = podTemplate(container: name, image: image ?? defaultImage(name, artifactID), labels: podLabels, annotations: marks, restartPolicy: "Never")
        return parse("""
            {
              "kind": "Job",
              "apiVersion": "batch/v1",
              "metadata": {"name": \(q(name)), "namespace": \(q(namespace)), "uid": \(q(uid)), "labels": \(map(labels)), "annotations": \(map(marks))},
              "spec": {
                "parallelism": 1,
                "completions": 1,
                "backoffLimit": \(backoffLimit),
                "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": \(q(uid))}},
                "manualSelector": false,
                "template": \(template.goCompact()),
                "completionMode": "NonIndexed",
                "suspend": false,
                "podReplacementPolicy": "TerminatingOrFailed"
              },
              "status": {}
            }
            """)
    }

    /// Out of retries: `failed` is `backoffLimit + 1` and, as since Kubernetes 1.31, a
    /// FailureTarget condition precedes Failed=True, both `BackoffLimitExceeded` with the
    /// Job controller's message "Job has reached the specified backoff limit".
    public static func jobFailed(_ job: JSONValue, at time: Date = Date()) -> JSONValue {
        let backoffLimit = job.field("spec", "backoffLimit")?.intValue ?? 6
        func condition(_ type: String) -> String {
            """
            {"type": \(q(type)), "status": "True", "lastProbeTime": \(q(timestamp(time))), "lastTransitionTime": \(q(timestamp(time))),
             "reason": "BackoffLimitExceeded", "message": "Job has reached the specified backoff limit"}
            """
        }
        return withStatus(job, parse("""
            {
              "conditions": [\(condition("FailureTarget")), \(condition("Failed"))],
              "startTime": \(q(timestamp(time.addingTimeInterval(-900)))),
              "failed": \(backoffLimit + 1),
              "terminating": 0,
              "uncountedTerminatedPods": {},
              "ready": 0
            }
            """))
    }

    // MARK: Pods

    /// What a pod's single container is doing.
    public enum PodState: Sendable, Equatable {
        /// Running and ready.
        case running
        /// Exited with `exitCode` (reason `Error`) and waiting `CrashLoopBackOff` with the
        /// kubelet's message `back-off 5m0s restarting failed container=… pod=…`; the back-off
        /// doubles from 10 s with each restart up to 5m0s.
        case crashLoopBackOff(restartCount: Int = 6, exitCode: Int = 1)
        /// Pending, waiting `ImagePullBackOff` (`Back-off pulling image "…"`).
        case imagePullBackOff
        /// Pending, waiting `ErrImagePull` with containerd's not-found error.
        case errImagePull
        /// Pending, waiting `CreateContainerConfigError` (`configmap "x" not found`).
        case createContainerConfigError(configMap: String)
        /// The last instance was `OOMKilled` (exit code 137); running again, or back-off waiting.
        case oomKilled(restartCount: Int = 1, crashLooping: Bool = false)
    }

    /// A pod of `owner` (a Deployment — through its ReplicaSet —, StatefulSet, DaemonSet or
    /// Job fixture) scheduled on `node`, with the owner's pod template, the labels its
    /// controller adds (pod-template-hash, controller-revision-hash, job-name, …) and an
    /// ownerReference to the controller.
    public static func pod(of owner: JSONValue, _ state: PodState = .running, index: Int = 0, node: String = "node-1", at time: Date = Date()) -> JSONValue {
        let ownerKind = owner.field("kind")?.textValue ?? "Deployment"
        let ownerName = owner.field("metadata", "name")?.textValue ?? "app"
        let namespace = owner.field("metadata", "namespace")?.textValue ?? "default"
        let ownerUID = owner.field("metadata", "uid")?.textValue ?? uid(for: "\(ownerKind)/\(namespace)/\(ownerName)")
        let template = owner.field("spec", "template") ?? .object([])
        var labels = labelMap(template.field("metadata", "labels"))
        let controller: (apiVersion: String, kind: String, name: String, uid: String)
        let generateName: String
        let name: String
        switch ownerKind {
        case "StatefulSet":
            generateName = "\(ownerName)-"
            name = "\(ownerName)-\(index)"
            labels["apps.kubernetes.io/pod-index"] = String(index)
            labels["controller-revision-hash"] = controllerRevision(owner)
            labels["statefulset.kubernetes.io/pod-name"] = name
            controller = ("apps/v1", "StatefulSet", ownerName, ownerUID)
        case "DaemonSet":
            generateName = "\(ownerName)-"
            name = generateName + safeString("\(ownerName)/\(index)", length: 5)
            labels["controller-revision-hash"] = String(controllerRevision(owner).split(separator: "-").last ?? "")
            labels["pod-template-generation"] = "1"
            controller = ("apps/v1", "DaemonSet", ownerName, ownerUID)
        case "Job":
            generateName = "\(ownerName)-"
            name = generateName + safeString("\(ownerName)/\(index)", length: 5)
            controller = ("batch/v1", "Job", ownerName, ownerUID)
        default:
            let replicaSet = replicaSetName(for: owner)
            generateName = "\(replicaSet)-"
            name = generateName + safeString("\(replicaSet)/\(index)", length: 5)
            labels["pod-template-hash"] = podTemplateHash(owner)
            controller = ("apps/v1", "ReplicaSet", replicaSet, uid(for: "ReplicaSet/\(namespace)/\(replicaSet)"))
        }
        let podUID = uid(for: "pod/\(namespace)/\(name)")
        let container = template.field("spec", "containers")?.arrayValue?.first ?? .object([])
        let containerName = container.field("name")?.textValue ?? ownerName
        let image = container.field("image")?.textValue ?? "busybox"
        let podSpec = template.field("spec") ?? .object([])
        let status = podStatus(
            state, container: containerName, image: image, pod: name, namespace: namespace, uid: podUID, node: node, seed: "\(namespace)/\(name)", at: time)
        return parse("""
            {
              "kind": "Pod",
              "apiVersion": "v1",
              "metadata": {
                "name": \(q(name)),
                "generateName": \(q(generateName)),
                "namespace": \(q(namespace)),
                "uid": \(q(podUID)),
                "creationTimestamp": \(q(timestamp(time.addingTimeInterval(-900)))),
                "labels": \(map(labels)),
                "annotations": \(map(labelMap(template.field("metadata", "annotations")))),
                "ownerReferences": [{
                  "apiVersion": \(q(controller.apiVersion)), "kind": \(q(controller.kind)), "name": \(q(controller.name)), "uid": \(q(controller.uid)),
                  "controller": true, "blockOwnerDeletion": true
                }]
              },
              "spec": {
                "containers": \((podSpec.field("containers") ?? .array([])).goCompact()),
                "restartPolicy": \(q(podSpec.field("restartPolicy")?.textValue ?? "Always")),
                "terminationGracePeriodSeconds": 30,
                "dnsPolicy": "ClusterFirst",
                "serviceAccountName": "default",
                "serviceAccount": "default",
                "nodeName": \(q(node)),
                "securityContext": {},
                "schedulerName": "default-scheduler",
                "tolerations": [
                  {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                  {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
                ],
                "priority": 0,
                "enableServiceLinks": true,
                "preemptionPolicy": "PreemptLowerPriority"
              },
              "status": \(status.goCompact())
            }
            """)
    }

    static func podStatus(
        _ state: PodState, container: String, image: String, pod: String, namespace: String, uid: String, node: String, seed: String, at time: Date
    ) -> JSONValue {
        let containerID = "containerd://" + hexString("container/\(seed)", length: 64)
        let previousID = "containerd://" + hexString("previous/\(seed)", length: 64)
        let imageID = imageReference(image)
        func terminated(exitCode: Int, reason: String) -> String {
            """
            {"terminated": {"exitCode": \(exitCode), "reason": \(q(reason)), "startedAt": \(q(timestamp(time.addingTimeInterval(-95)))),
             "finishedAt": \(q(timestamp(time.addingTimeInterval(-35)))), "containerID": \(q(previousID))}}
            """
        }
        func backOff(_ restarts: Int) -> String {
            let message = "back-off \(backOffDuration(restarts: restarts)) restarting failed container=\(container) pod=\(pod)_\(namespace)(\(uid))"
            return #"{"waiting": {"reason": "CrashLoopBackOff", "message": \#(q(message))}}"#
        }
        let running = #"{"running": {"startedAt": \#(q(timestamp(time.addingTimeInterval(-30))))}}"#
        let phase: String
        let ready: Bool
        let containerState: String
        var lastState = "{}"
        var restartCount = 0
        var started = false
        var pulled = true
        switch state {
        case .running:
            (phase, ready, containerState, started) = ("Running", true, running, true)
        case .crashLoopBackOff(let restarts, let exitCode):
            (phase, ready, containerState, restartCount) = ("Running", false, backOff(restarts), restarts)
            lastState = terminated(exitCode: exitCode, reason: "Error")
        case .oomKilled(let restarts, let crashLooping):
            (phase, ready, containerState, restartCount, started) = ("Running", !crashLooping, crashLooping ? backOff(restarts) : running, restarts, !crashLooping)
            lastState = terminated(exitCode: 137, reason: "OOMKilled")
        case .imagePullBackOff:
            (phase, ready, pulled) = ("Pending", false, false)
            containerState = #"{"waiting": {"reason": "ImagePullBackOff", "message": \#(q("Back-off pulling image \"\(image)\""))}}"#
        case .errImagePull:
            (phase, ready, pulled) = ("Pending", false, false)
            let message = "rpc error: code = NotFound desc = failed to pull and unpack image \"\(image)\": failed to resolve reference \"\(image)\": \(image): not found"
            containerState = #"{"waiting": {"reason": "ErrImagePull", "message": \#(q(message))}}"#
        case .createContainerConfigError(let configMap):
            (phase, ready, pulled) = ("Pending", false, false)
            containerState = #"{"waiting": {"reason": "CreateContainerConfigError", "message": \#(q("configmap \"\(configMap)\" not found"))}}"#
        }
        let hasRun = started || restartCount > 0
        let unready = #", "reason": "ContainersNotReady", "message": \#(q("containers with unready status: [\(container)]"))"#
        func condition(_ type: String, _ status: Bool, _ extra: String = "", ago: TimeInterval) -> String {
            #"{"type": \#(q(type)), "status": \#(status ? "\"True\"" : "\"False\""), "lastProbeTime": null, "lastTransitionTime": \#(q(timestamp(time.addingTimeInterval(-ago))))\#(extra)}"#
        }
        let hostIP = "10.0.\(byte("host/\(node)"))." + String(byte("node/\(node)") % 250 + 2)
        let podIP = "10.244.\(byte("net/\(node)") % 16).\(byte("ip/\(seed)") % 250 + 2)"
        return parse("""
            {
              "phase": \(q(phase)),
              "conditions": [
                \(condition("PodReadyToStartContainers", true, ago: 890)),
                \(condition("Initialized", true, ago: 895)),
                \(condition("Ready", ready, ready ? "" : unready, ago: ready ? 25 : 35)),
                \(condition("ContainersReady", ready, ready ? "" : unready, ago: ready ? 25 : 35)),
                \(condition("PodScheduled", true, ago: 900))
              ],
              "hostIP": \(q(hostIP)),
              "hostIPs": [{"ip": \(q(hostIP))}],
              "podIP": \(q(podIP)),
              "podIPs": [{"ip": \(q(podIP))}],
              "startTime": \(q(timestamp(time.addingTimeInterval(-900)))),
              "containerStatuses": [{
                "name": \(q(container)),
                "state": \(containerState),
                "lastState": \(lastState),
                "ready": \(ready),
                "restartCount": \(restartCount),
                "image": \(q(image)),
                "imageID": \(q(pulled ? imageID : "")),
                \(hasRun ? "\"containerID\": \(q(restartCount > 0 && !started ? previousID : containerID))," : "")
                "started": \(started)
              }],
              "qosClass": "BestEffort"
            }
            """)
    }

    /// The kubelet's crash-loop back-off for a container that restarted `restarts` times:
    /// 10 s doubling to at most 5 minutes, as Go prints a Duration.
    static func backOffDuration(restarts: Int) -> String {
        let seconds = min(300, 10 << max(0, min(restarts - 1, 10)))
        return seconds < 60 ? "\(seconds)s" : "\(seconds / 60)m\(seconds % 60)s"
    }

    // MARK: Flux Kustomizations

    /// A Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) that applied `<branch>@sha1:<sha>`:
    /// Ready=True `ReconciliationSucceeded` with "Applied revision: main@sha1:<sha>", and
    /// lastAppliedRevision, lastAttemptedRevision and observedGeneration set. Keys are sorted, as
    /// the API returns custom resources.
    public static func kustomization(
        name: String, namespace: String = "flux-system", path: String? = nil, revision sha: String, branch: String = "main",
        observedGeneration: Int = 1, at time: Date = Date()
    ) -> JSONValue {
        let revision = "\(branch)@sha1:\(sha)"
        return kustomizationObject(
            name: name, namespace: namespace, path: path, status: """
                {
                  "conditions": [\(fluxReady(true, reason: "ReconciliationSucceeded", message: "Applied revision: \(revision)", generation: observedGeneration, at: time))],
                  "lastAppliedRevision": \(q(revision)),
                  "lastAttemptedRevision": \(q(revision)),
                  "observedGeneration": \(observedGeneration)
                }
                """)
    }

    /// A Flux Kustomization whose last attempt (`attemptedSHA`) failed: Ready=False with
    /// `reason` (one of kustomize-controller's: BuildFailed, HealthCheckFailed,
    /// ReconciliationFailed, ArtifactFailed, DependencyNotReady, PruneFailed) and `message`;
    /// lastAppliedRevision stays at `appliedSHA`.
    public static func failingKustomization(
        name: String, namespace: String = "flux-system", path: String? = nil, appliedSHA: String, attemptedSHA: String, branch: String = "main",
        reason: String = "BuildFailed", message: String? = nil, observedGeneration: Int = 1, at time: Date = Date()
    ) -> JSONValue {
        let message = message ?? "kustomize build failed: accumulating resources from 'deployment.yaml': open deployment.yaml: no such file or directory"
        return kustomizationObject(
            name: name, namespace: namespace, path: path, status: """
                {
                  "conditions": [\(fluxReady(false, reason: reason, message: message, generation: observedGeneration, at: time))],
                  "lastAppliedRevision": \(q("\(branch)@sha1:\(appliedSHA)")),
                  "lastAttemptedRevision": \(q("\(branch)@sha1:\(attemptedSHA)")),
                  "observedGeneration": \(observedGeneration)
                }
                """)
    }

    static func kustomizationObject(name: String, namespace: String, path: String?, status: String) -> JSONValue {
        parse("""
            {
              "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
              "kind": "Kustomization",
              "metadata": {"finalizers": ["finalizers.fluxcd.io"], "name": \(q(name)), "namespace": \(q(namespace))},
              "spec": {
                "force": false,
                "interval": "10m0s",
                "path": \(q(path ?? "./\(name)")),
                "prune": true,
                "sourceRef": {"kind": "GitRepository", "name": "flux-system"},
                "timeout": "5m0s"
              },
              "status": \(status)
            }
            """)
    }

    /// A metav1.Condition of type Ready, keys sorted.
    static func fluxReady(_ ready: Bool, reason: String, message: String, generation: Int, at time: Date) -> String {
        """
        {"lastTransitionTime": \(q(timestamp(time))), "message": \(q(message)), "observedGeneration": \(generation), "reason": \(q(reason)), \
        "status": \(ready ? "\"True\"" : "\"False\""), "type": "Ready"}
        """
    }

    // MARK: Building blocks

    /// The release manager's annotations (and any others).
    public static func releaseAnnotations(artifactID: String, author: String, extra: [String: String] = [:]) -> [String: String] {
        [
            "lunarway.com/controlled-by-release-manager": "true",
            "lunarway.com/artifact-id": artifactID,
            "lunarway.com/author": author,
        ].merging(extra) { $1 }
    }

    /// A v1 PodTemplateSpec with one container and the defaults the API server fills in.
    static func podTemplate(container: String, image: String, labels: [String: String], annotations: [String: String], restartPolicy: String = "Always") -> JSONValue {
        parse("""
            {
              "metadata": {"creationTimestamp": null, "labels": \(map(labels)), "annotations": \(map(annotations))},
              "spec": {
                "containers": [{
                  "name": \(q(container)),
                  "image": \(q(image)),
                  "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
                  "resources": {},
                  "terminationMessagePath": "/dev/termination-log",
                  "terminationMessagePolicy": "File",
                  "imagePullPolicy": "IfNotPresent"
                }],
                "restartPolicy": \(q(restartPolicy)),
                "terminationGracePeriodSeconds": 30,
                "dnsPolicy": "ClusterFirst",
                "securityContext": {},
                "schedulerName": "default-scheduler"
              }
            }
            """)
    }

    static func deploymentCondition(_ type: String, _ status: Bool, reason: String, message: String, updated: Date, transitioned: Date) -> JSONValue {
        parse("""
            {"type": \(q(type)), "status": \(status ? "\"True\"" : "\"False\""), "lastUpdateTime": \(q(timestamp(updated))),
             "lastTransitionTime": \(q(timestamp(transitioned))), "reason": \(q(reason)), "message": \(q(message))}
            """)
    }

    /// Available as the deployment controller judges it with `maxUnavailable: 25%` (rounded down).
    static func availableCondition(replicas: Int, available: Int, at time: Date) -> JSONValue {
        if available >= replicas - replicas / 4 {
            return deploymentCondition("Available", true, reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability.", updated: time, transitioned: time)
        }
        return deploymentCondition("Available", false, reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability.", updated: time, transitioned: time)
    }

    static func withStatus(_ object: JSONValue, _ status: JSONValue) -> JSONValue {
        var object = object
        object.setField("status", to: status)
        return object
    }

    static func desiredReplicas(_ workload: JSONValue) -> Int {
        workload.field("spec", "replicas")?.intValue ?? 1
    }

    static func generation(_ object: JSONValue) -> Int {
        object.field("metadata", "generation")?.intValue ?? 1
    }

    /// `<name>-<hash>`: the ControllerRevision a StatefulSet or DaemonSet runs.
    static func controllerRevision(_ workload: JSONValue) -> String {
        "\(workload.field("metadata", "name")?.textValue ?? "app")-\(podTemplateHash(workload))"
    }

    static func defaultImage(_ name: String, _ artifactID: String) -> String {
        "quay.io/lunarway/\(name):\(artifactID)"
    }

    /// `repository@sha256:<digest>` for an image reference.
    static func imageReference(_ image: String) -> String {
        var repository = image
        if let colon = image.lastIndex(of: ":"), !image[colon...].contains("/") { repository = String(image[..<colon]) }
        return "\(repository)@sha256:\(hexString("image/\(image)", length: 64))"
    }

    /// A uid (RFC 4122 layout, lower-case hex) derived from `seed`.
    public static func uid(for seed: String) -> String {
        let hex = Array(hexString("uid/\(seed)", length: 32))
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
    }

    static func labelMap(_ value: JSONValue?) -> [String: String] {
        guard case .object(let members)? = value else { return [:] }
        var map: [String: String] = [:]
        for member in members { map[member.key] = member.value.textValue ?? "" }
        return map
    }

    // MARK: Text

    static func parse(_ text: String) -> JSONValue {
        do {
            return try JSONValue.parse(text)
        } catch {
            preconditionFailure("KubernetesFixtures built invalid JSON (\(error)):\n\(text)")
        }
    }

    /// A JSON string literal.
    static func q(_ text: String) -> String {
        JSONValue.string(text).goCompact()
    }

    /// A map[string]string as Go encodes it: keys sorted.
    static func map(_ values: [String: String]) -> String {
        JSONValue.object(values.sorted { $0.key < $1.key }.map { JSONValue.Member($0.key, .string($0.value)) }).goCompact()
    }

    static func timestamp(_ date: Date) -> String {
        KubernetesTime.string(date)
    }

    // MARK: Deterministic names

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Characters from the alphabet Kubernetes uses for generated names
    /// (apimachinery util/rand SafeEncodeString: no vowels, no confusable digits).
    static func safeString(_ seed: String, length: Int) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var output = ""
        var round = 0
        while output.count < length {
            var hash = fnv1a("\(round)/\(seed)")
            for _ in 0..<8 where output.count < length {
                output.append(alphabet[Int(hash % UInt64(alphabet.count))])
                hash /= UInt64(alphabet.count)
            }
            round += 1
        }
        return output
    }

    static func hexString(_ seed: String, length: Int) -> String {
        var output = ""
        var round = 0
        while output.count < length {
            output += String(fnv1a("\(round)/\(seed)"), radix: 16).leftPadded(to: 16)
            round += 1
        }
        return String(output.prefix(length))
    }

    static func byte(_ seed: String) -> Int {
        Int(fnv1a(seed) % 256)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
