@testable import DaemonKit
import Foundation
import GoCompat
import Logging
import ReleaseModel
import Synchronization
import TestSupport
import Testing

/// What the daemon hears, collected as it arrives; a test waits for a condition on it rather
/// than sleeping.
final class Collected<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var waiting: [(condition: @Sendable ([Item]) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    func add(_ item: Item) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.items.append(item)
            let items = state.items
            let done = state.waiting.filter { $0.condition(items) }.map(\.continuation)
            state.waiting.removeAll { $0.condition(items) }
            return done
        }
        ready.forEach { $0.resume() }
    }

    var items: [Item] { state.withLock { $0.items } }

    /// Waits until `condition` holds for what was collected, at most `timeout`.
    func wait(timeout: Duration = .seconds(15), _ what: String, until condition: @escaping @Sendable ([Item]) -> Bool) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let now = self.state.withLock { state -> Bool in
                        if condition(state.items) { return true }
                        state.waiting.append((condition, continuation))
                        return false
                    }
                    if now { continuation.resume() }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw WaitTimeout(description: "timed out waiting for \(what); seen: \(self.items)")
            }
            try await group.next()
            group.cancelAll()
            // Release a waiter left behind by the timeout.
            let stranded = self.state.withLock { state in
                defer { state.waiting.removeAll() }
                return state.waiting.map(\.continuation)
            }
            stranded.forEach { $0.resume() }
        }
    }

    struct WaitTimeout: Error, CustomStringConvertible {
        var description: String
    }
}

/// A ``ClusterWatcher`` on a fake API server that speaks Kubernetes' wire format.
struct WatchedCluster {
    let api: FakeKubernetesAPI
    let client: KubernetesClient
    let reports: Collected<DaemonReport>
    let task: Task<Void, Never>

    static func start(prepare: (FakeKubernetesAPI) -> Void = { _ in }) async throws -> WatchedCluster {
        let api = FakeKubernetesAPI(requiredToken: "k8s-token")
        prepare(api)
        let url = try await api.start()
        let client = try KubernetesClient(connection: KubernetesConnection(server: url, bearerToken: "k8s-token"))
        let reports = Collected<DaemonReport>()
        var logger = Logger(label: "daemon-test")
        logger.logLevel = .critical
        let watcher = ClusterWatcher(environment: "dev", client: client, crashReportModulo: 5, logger: logger, report: reports.add)
        let task = Task { await watcher.run(watchTimeout: 30...30, backoff: Backoff(initial: .milliseconds(50), maximum: .milliseconds(400))) }
        try await api.waitForWatches(6, timeout: .seconds(15))
        return WatchedCluster(api: api, client: client, reports: reports, task: task)
    }

    func stop() async {
        task.cancel()
        await task.value
        await client.shutdown()
        await api.stop()
    }
}

@Suite(.timeLimit(.minutes(2))) struct ClusterWatcherTests {
    static let artifact = "master-1a2b3c4d5e-6f7a8b9c0d"

    @Test func aRolloutIsReportedAsItProgressesAndOnceWhenComplete() async throws {
        let cluster = try await WatchedCluster.start()
        let created = cluster.api.put(.deployments, KubernetesFixtures.deployment(name: "payments", artifactID: Self.artifact, replicas: 2))
        cluster.api.put(.deployments, KubernetesFixtures.deploymentRollingOut(created, updated: 1, available: 1))
        try await cluster.reports.wait("progress") { $0.contains { if case .rollout(let event) = $0 { event.state == .progressing } else { false } } }
        let rolling = try #require(cluster.api.object(.deployments, namespace: "dev", name: "payments"))
        cluster.api.put(.deployments, KubernetesFixtures.deploymentComplete(rolling))
        try await cluster.reports.wait("the deploy report") { $0.contains { if case .deployed = $0 { true } else { false } } }
        guard case .deployed(let deployed)? = cluster.reports.items.last(where: { if case .deployed = $0 { true } else { false } }) else {
            Issue.record("no deploy report")
            return
        }
        #expect(deployed.name == "payments" && deployed.resourceType == "Deployment" && deployed.artifactID == Self.artifact)
        #expect(deployed.availablePods == 2 && deployed.replicas == 2 && deployed.environment == "dev" && deployed.squad == "bank")
        #expect(deployed.authorEmail == "alice@example.com")

        // The annotation is written with a merge patch of the metadata alone.
        try await cluster.api.waitForPatches(1, timeout: .seconds(10))
        let patch = try #require(cluster.api.patches.first)
        #expect(patch.contentType == "application/merge-patch+json")
        #expect(patch.resource == .deployments && patch.name == "payments")
        #expect(patch.body == #"{"metadata":{"annotations":{"lunarway.com/observed-artifact-id":"\#(Self.artifact)"}}}"#)
        // The patch's own MODIFIED event (now observed) reports nothing more.
        let annotated = try #require(cluster.api.object(.deployments, namespace: "dev", name: "payments"))
        #expect(annotated["metadata"]?["annotations"]?["lunarway.com/observed-artifact-id"] == .string(Self.artifact))
        cluster.api.put(.deployments, annotated)
        cluster.api.put(.deployments, KubernetesFixtures.deployment(name: "marker", artifactID: "other", replicas: 1))
        try await cluster.reports.wait("the marker's progress") { $0.contains { if case .rollout(let event) = $0 { event.name == "marker" } else { false } } }
        #expect(cluster.reports.items.filter { if case .deployed = $0 { true } else { false } }.count == 1)
        await cluster.stop()
    }

    @Test func aDeploymentPastItsDeadlineIsAFailedRollout() async throws {
        let cluster = try await WatchedCluster.start()
        let created = cluster.api.put(.deployments, KubernetesFixtures.deployment(name: "payments", artifactID: Self.artifact))
        cluster.api.put(.deployments, KubernetesFixtures.deploymentFailed(created))
        try await cluster.reports.wait("the failure") { $0.contains { if case .rollout(let event) = $0 { event.state == .failed } else { false } } }
        guard case .rollout(let failed)? = cluster.reports.items.last else { return }
        #expect(failed.reason == "ProgressDeadlineExceeded")
        #expect(failed.message.hasSuffix("has timed out progressing."))
        await cluster.stop()
    }

    @Test func crashingPodsAreReportedWithTheirLastLogLines() async throws {
        let cluster = try await WatchedCluster.start()
        let deployment = KubernetesFixtures.deployment(name: "payments", artifactID: Self.artifact)
        let pod = KubernetesFixtures.pod(of: deployment, .crashLoopBackOff(restartCount: 1))
        let podName = try #require(pod["metadata"]?["name"].flatMap { if case .string(let name) = $0 { name } else { nil } })
        cluster.api.setLog(namespace: "dev", pod: podName, container: "payments", #"{"level":"error","message":"panic: no database"}"# + "\n")
        cluster.api.put(.pods, pod)
        try await cluster.reports.wait("the pod error") { $0.contains { if case .podError = $0 { true } else { false } } }
        guard case .podError(let error)? = cluster.reports.items.last else { return }
        #expect(error.podName == podName)
        #expect(error.errors.map(\.type) == ["CrashLoopBackOff"])
        #expect(error.errors.first?.message == "panic: no database")
        #expect(error.alertSquad == "#squad-bank-alerts")
        #expect(cluster.api.requests.contains { $0.contains("/log?") && $0.contains("tailLines=8") })

        let pulling = KubernetesFixtures.pod(of: KubernetesFixtures.deployment(name: "ledger", artifactID: Self.artifact), .imagePullBackOff)
        cluster.api.put(.pods, pulling)
        try await cluster.reports.wait("the image pull error") {
            $0.contains { if case .podError(let event) = $0 { event.errors.first?.type == "ImagePullBackOff" } else { false } }
        }
        await cluster.stop()
    }

    @Test func aFailedJobIsReportedAndAnnotated() async throws {
        let cluster = try await WatchedCluster.start()
        let job = cluster.api.put(.jobs, KubernetesFixtures.job(name: "migrate", artifactID: Self.artifact))
        cluster.api.put(.jobs, KubernetesFixtures.jobFailed(job))
        try await cluster.reports.wait("the job error") { $0.contains { if case .jobError = $0 { true } else { false } } }
        guard case .jobError(let error)? = cluster.reports.items.last else { return }
        #expect(error.jobName == "migrate")
        #expect(error.errors.first?.reason == "BackoffLimitExceeded")
        try await cluster.api.waitForPatches(1, timeout: .seconds(10))
        #expect(cluster.api.patches.contains { $0.resource == .jobs && $0.name == "migrate" })
        await cluster.stop()
    }

    @Test func fluxKustomizationsAreReportedAtStartAndOnChange() async throws {
        let cluster = try await WatchedCluster.start { api in
            api.put(.kustomizations, KubernetesFixtures.kustomization(name: "payments", revision: "5fd3a8c0e1b2a3f4"))
        }
        try await cluster.reports.wait("the existing Kustomization") { $0.contains { if case .kustomization = $0 { true } else { false } } }
        cluster.api.put(.kustomizations, KubernetesFixtures.failingKustomization(name: "payments", appliedSHA: "5fd3a8c0e1b2a3f4", attemptedSHA: "0badc0de0badc0de"))
        try await cluster.reports.wait("the failure") {
            $0.contains { if case .kustomization(let event) = $0 { !event.ready } else { false } }
        }
        guard case .kustomization(let event)? = cluster.reports.items.last else { return }
        #expect(event.reason == "BuildFailed")
        #expect(event.lastAppliedRevision == "main@sha1:5fd3a8c0e1b2a3f4")
        #expect(event.lastAttemptedRevision == "main@sha1:0badc0de0badc0de")
        await cluster.stop()
    }

    @Test func anAPIServerRestartIsSurvivedByRelistingAndNothingIsMissed() async throws {
        let cluster = try await WatchedCluster.start()
        let created = cluster.api.put(.deployments, KubernetesFixtures.deployment(name: "payments", artifactID: Self.artifact))
        try await cluster.reports.wait("progress") { $0.contains { if case .rollout = $0 { true } else { false } } }
        // The API server goes away; while it is down the rollout completes; it comes back
        // with its watch history compacted, so the daemon's resourceVersion is too old.
        await cluster.api.stop()
        cluster.api.put(.deployments, KubernetesFixtures.deploymentComplete(created))
        let listsBefore = cluster.api.requests.filter { $0.hasPrefix("GET /apis/apps/v1/deployments?") && !$0.contains("watch=") }.count
        try await cluster.api.restart()
        try await cluster.reports.wait("the completion seen after the restart") { $0.contains { if case .deployed = $0 { true } else { false } } }
        let lists = cluster.api.requests.filter { $0.hasPrefix("GET /apis/apps/v1/deployments?") && !$0.contains("watch=") }.count
        #expect(lists > listsBefore, "the daemon lists again after 410 Gone")
        await cluster.stop()
    }

    @Test func bookmarksMoveTheWatchOn() async throws {
        let cluster = try await WatchedCluster.start()
        cluster.api.put(.deployments, KubernetesFixtures.deployment(name: "payments", artifactID: Self.artifact))
        try await cluster.reports.wait("progress") { $0.contains { if case .rollout = $0 { true } else { false } } }
        cluster.api.sendBookmark()
        let bookmarked = cluster.api.resourceVersion
        // A compaction that forgets everything before the bookmark, then the stream ends: the
        // daemon watches again from the bookmark and needs no relist.
        cluster.api.compactHistory()
        let listsBefore = cluster.api.requests.filter { $0.hasPrefix("GET /apis/apps/v1/deployments?") && !$0.contains("watch=") }.count
        try await cluster.api.restart()
        try await cluster.api.waitForWatches(6, timeout: .seconds(10))
        let watches = cluster.api.requests.filter { $0.hasPrefix("GET /apis/apps/v1/deployments?") && $0.contains("watch=") }
        #expect(watches.last?.contains("resourceVersion=\(bookmarked)") == true, "\(watches)")
        #expect(watches.allSatisfy { $0.contains("allowWatchBookmarks=true") })
        let lists = cluster.api.requests.filter { $0.hasPrefix("GET /apis/apps/v1/deployments?") && !$0.contains("watch=") }.count
        #expect(lists == listsBefore, "no relist was needed")
        await cluster.stop()
    }
}

/// The informer alone: pages of a LIST, then the watch.
@Suite(.timeLimit(.minutes(1))) struct InformerTests {
    @Test func aListIsReadPageByPageFromOneSnapshot() async throws {
        let api = FakeKubernetesAPI()
        for index in 0..<5 {
            api.put(.deployments, KubernetesFixtures.deployment(name: "service-\(index)", artifactID: "a-\(index)"))
        }
        let url = try await api.start()
        let client = try KubernetesClient(connection: KubernetesConnection(server: url))
        let seen = Collected<String>()
        var logger = Logger(label: "informer-test")
        logger.logLevel = .critical
        let informer = Informer<Deployment>(client: client, resource: .deployments, pageSize: 2, logger: logger)
        let task = Task {
            await informer.run(existing: true) { event in
                if case .added(let deployment) = event { seen.add(deployment.metadata.name ?? "") }
                if case .updated(let deployment) = event { seen.add("updated \(deployment.metadata.name ?? "")") }
            }
        }
        try await seen.wait("the five deployments") { $0.count == 5 }
        #expect(seen.items == (0..<5).map { "service-\($0)" })
        let lists = api.requests.filter { $0.hasPrefix("GET /apis/apps/v1/deployments?") && !$0.contains("watch=") }
        #expect(lists.count == 3, "\(lists)")
        #expect(lists.allSatisfy { $0.contains("limit=2") })
        #expect(lists.dropFirst().allSatisfy { $0.contains("continue=") })
        // The watch starts from the snapshot's version: a change after it arrives.
        try await api.waitForWatches(1, timeout: .seconds(10))
        api.put(.deployments, KubernetesFixtures.deployment(name: "service-0", artifactID: "a-new"))
        try await seen.wait("the change") { $0.contains("updated service-0") }
        task.cancel()
        await task.value
        await client.shutdown()
        await api.stop()
    }
}
