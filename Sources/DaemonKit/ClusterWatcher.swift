import Foundation
import GoCompat
import Logging
import ReleaseModel

/// Watches one cluster's workloads, jobs, pods and Flux Kustomizations and turns what it sees
/// into reports (spec §6, and what Moonbase adds):
///
/// - a workload whose rollout completes: the reference's deploy report, then the
///   `observed-artifact-id` annotation written with a merge PATCH (no conflicts, no retries);
/// - a workload rolling out, or failing (`Progressing=False`): a rollout report, once per
///   change of its pod counts;
/// - a workload found complete whose completion was reported before (its annotation says so),
///   e.g. when the daemon starts: a `running` rollout report, once, so the server knows what
///   runs without a second notification;
/// - a pod in trouble: crash loops with their last log lines (every `crashReportModulo`th
///   restart), configuration errors, failing image pulls and OOM kills, each once;
/// - a failed job, once (the annotation again);
/// - a Kustomization whose readiness or applied revision changes.
///
/// Workloads, jobs and Kustomizations found at start are judged too (their annotation says
/// what was reported already), pods only from the first change on, as the reference does.
public actor ClusterWatcher {
    public let environment: String
    let client: KubernetesClient
    /// Where reports go: ``ReportQueue/enqueue(_:)``. It must not wait.
    let report: @Sendable (DaemonReport) -> Void
    let crashReportModulo: Int
    let logger: Logger
    /// What was last reported per object (`Kind/namespace/name`), so a report goes out once
    /// per change and not on every status update.
    private var reported: [String: String] = [:]
    private var synced: Set<APIResource> = []
    /// What must be listed before the daemon is ready (a cluster without Flux has no
    /// Kustomizations to list).
    private static let syncedResources: Set<APIResource> = [.deployments, .statefulSets, .daemonSets, .jobs, .pods]

    public init(
        environment: String, client: KubernetesClient, crashReportModulo: Int = 5, logger: Logger, report: @escaping @Sendable (DaemonReport) -> Void
    ) {
        self.environment = environment
        self.client = client
        self.report = report
        self.crashReportModulo = max(1, crashReportModulo)
        self.logger = logger
    }

    /// Whether the watches of workloads, jobs and pods have their first LIST in.
    public var isSynced: Bool { synced == Self.syncedResources }

    /// Runs every watch until the task is cancelled.
    public func run(watchTimeout: ClosedRange<Int> = 300...600, backoff: Backoff = Backoff()) async {
        func informer<Object>(_ resource: APIResource, _ type: Object.Type) -> Informer<Object> {
            Informer<Object>(client: client, resource: resource, watchTimeout: watchTimeout, backoff: backoff, logger: logger)
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await informer(.deployments, Deployment.self).run(existing: true, synced: { await self.markSynced(.deployments) }) { await self.workload($0, resource: .deployments) } }
            group.addTask { await informer(.statefulSets, StatefulSet.self).run(existing: true, synced: { await self.markSynced(.statefulSets) }) { await self.workload($0, resource: .statefulSets) } }
            group.addTask { await informer(.daemonSets, DaemonSet.self).run(existing: true, synced: { await self.markSynced(.daemonSets) }) { await self.workload($0, resource: .daemonSets) } }
            group.addTask { await informer(.jobs, Job.self).run(existing: true, synced: { await self.markSynced(.jobs) }) { await self.job($0) } }
            group.addTask { await informer(.pods, Pod.self).run(synced: { await self.markSynced(.pods) }) { await self.pod($0) } }
            group.addTask {
                // Not part of being synced: a cluster without Flux has no Kustomizations to list.
                var kustomizations = informer(.kustomizations, Kustomization.self)
                kustomizations.mayBeAbsent = true
                await kustomizations.run(existing: true) { await self.kustomization($0) }
            }
        }
    }

    private func markSynced(_ resource: APIResource) {
        synced.insert(resource)
    }

    // MARK: Workloads

    /// A Deployment, StatefulSet or DaemonSet changed.
    func workload<Object: Workload>(_ event: InformerEvent<Object>, resource: APIResource) async {
        switch event {
        case .added(let object), .updated(let object): await rollout(object.rollout, resource: resource)
        case .deleted(let namespace, let name): forget(Object.kind, namespace, name)
        }
    }

    private func rollout(_ rollout: WorkloadRollout?, resource: APIResource) async {
        guard let rollout else { return }
        let key = "\(rollout.kind)/\(rollout.namespace)/\(rollout.name)"
        let artifact = rollout.marks.artifactID
        switch rollout.progress {
        case .complete:
            guard once(key, "complete \(artifact)") else { return }
            if rollout.marks.observed {
                // Reported before (by this daemon or the one before it): tell the server what
                // runs, without a second notification.
                report(.rollout(rollout.rolloutEvent(.running, environment: environment)))
            } else {
                report(.deployed(rollout.deployEvent(environment: environment)))
                await markObserved(resource, namespace: rollout.namespace, name: rollout.name, artifactID: artifact)
            }
        case .failed:
            guard !rollout.marks.observed, once(key, "failed \(artifact)") else { return }
            report(.rollout(rollout.rolloutEvent(.failed, environment: environment)))
        case .progressing:
            guard !rollout.marks.observed, once(key, "progressing \(artifact) \(rollout.available)/\(rollout.desired)") else { return }
            report(.rollout(rollout.rolloutEvent(.progressing, environment: environment)))
        }
    }

    func job(_ event: InformerEvent<Job>) async {
        switch event {
        case .added(let job), .updated(let job):
            guard let failure = JobFailure(job), once("Job/\(failure.namespace)/\(failure.name)", "failed \(failure.marks.artifactID)") else { return }
            report(.jobError(failure.event(environment: environment)))
            await markObserved(.jobs, namespace: failure.namespace, name: failure.name, artifactID: failure.marks.artifactID)
        case .deleted(let namespace, let name):
            forget("Job", namespace, name)
        }
    }

    /// The `observed-artifact-id` annotation, as a JSON merge patch of the metadata alone.
    private func markObserved(_ resource: APIResource, namespace: String, name: String, artifactID: String) async {
        let patch = JSONValue.object([
            .init("metadata", .object([.init("annotations", .object([.init(ReleaseAnnotations.observedArtifactID, .string(artifactID))]))]))
        ])
        do {
            try await client.mergePatch(resource.objectPath(namespace: namespace, name: name), Data(patch.goCompact().utf8))
        } catch {
            logger.error(
                "could not annotate what was reported", metadata: ["object": "\(resource) \(namespace)/\(name)", "error": "\(error)"])
        }
    }

    // MARK: Pods

    func pod(_ event: InformerEvent<Pod>) async {
        switch event {
        case .added(let pod), .updated(let pod):
            guard let trouble = PodTrouble(pod, crashReportModulo: crashReportModulo) else { return }
            let key = "Pod/\(trouble.namespace)/\(trouble.podName)"
            // Each container's trouble once per restart: an update that repeats it is not news,
            // nor is the kubelet flipping between ErrImagePull and ImagePullBackOff.
            let signature = trouble.containers.map { "\($0.name):\($0.kind.signature):\($0.restartCount)" }.sorted().joined(separator: ",")
            guard once(key, signature) else { return }
            var logs: [String: String] = [:]
            for container in trouble.containers where container.kind == .crashLoopBackOff {
                logs[container.name] = await lastLogLines(namespace: trouble.namespace, pod: trouble.podName, container: container.name)
            }
            report(.podError(trouble.event(environment: environment, logs: logs)))
        case .deleted(let namespace, let name):
            forget("Pod", namespace, name)
        }
    }

    private func lastLogLines(namespace: String, pod: String, container: String) async -> String {
        do {
            let text = try await client.text(
                APIResource.pods.objectPath(namespace: namespace, name: pod) + "/log", query: ["container": container, "tailLines": "8"])
            return PodTrouble.readableLog(text)
        } catch {
            logger.warning("could not read a crashing container's log", metadata: ["pod": "\(namespace)/\(pod)", "error": "\(error)"])
            return ""
        }
    }

    // MARK: Flux

    func kustomization(_ event: InformerEvent<Kustomization>) async {
        switch event {
        case .added(let object), .updated(let object): reportKustomization(object)
        case .deleted(let namespace, let name): forget("Kustomization", namespace, name)
        }
    }

    private func reportKustomization(_ object: Kustomization) {
        let ready = object.status?.conditions?.named("Ready")
        let event = KustomizationEvent(
            name: object.metadata.name ?? "", namespace: object.metadata.namespace ?? "", environment: environment,
            ready: ready?.status == "True", reason: ready?.reason ?? "", message: ready?.message ?? "",
            lastAppliedRevision: object.status?.lastAppliedRevision ?? "", lastAttemptedRevision: object.status?.lastAttemptedRevision ?? "")
        let signature = "\(event.ready) \(event.reason) \(event.lastAppliedRevision) \(event.lastAttemptedRevision)"
        guard once("Kustomization/\(event.namespace)/\(event.name)", signature) else { return }
        report(.kustomization(event))
    }

    /// A Flux notification-controller event from the daemon's webhook.
    public func forward(_ event: FluxEvent) {
        var event = event
        event.environment = environment
        report(.flux(event))
    }

    // MARK: Bookkeeping

    /// True the first time `signature` is seen for `key` in a row.
    private func once(_ key: String, _ signature: String) -> Bool {
        guard reported[key] != signature else { return false }
        reported[key] = signature
        return true
    }

    private func forget(_ kind: String, _ namespace: String, _ name: String) {
        reported["\(kind)/\(namespace)/\(name)"] = nil
    }
}
