import ConfigRepo
import Foundation
import MoonbaseStore
import ReleaseEngine
import ReleaseModel
import Testing

/// The flows write their notifications into the outbox with what causes them.
@Suite struct ReleaseNotificationTests {
    @Test func aReleaseWritesReleasedWithItsCommit() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let id = try await fixture.storeArtifact(sha: "aaaaaaaaaaaa")
        guard case .released(let releaseID, let commit) = try await fixture.flow.release(fixture.request(id)) else {
            Issue.record("not released")
            return
        }
        let events = try await fixture.store.eventsAwaitingFanOut(limit: 10)
        #expect(events.map(\.type) == [.released])
        let event = try #require(events.first)
        #expect(event.id == "\(releaseID).released")
        #expect(event.subject == "product/dev")
        #expect(event.data.release?.commit == commit)
        #expect(event.data.release?.releasedBy == ReleaseFixture.releaser)
        #expect(event.data.artifact?.id == id)
        #expect(event.data.artifact?.author == Person(name: "Alice", email: "alice@example.com"))
        #expect(event.data.squad == "nasa")
        // Releasing what runs already notifies nothing.
        _ = try await fixture.flow.release(fixture.request(id))
        #expect(try await fixture.store.eventsAwaitingFanOut(limit: 10).count == 1)
    }

    @Test func aRefusalAndAFailureAreNotified() async throws {
        let fixture = try await ReleaseFixture.make(globalBranchRestrictions: [.global(environment: "prod", branchRegex: "^master$")])
        defer { fixture.remove() }
        let feature = try await fixture.storeArtifact(branch: "feature", sha: "bbbbbbbbbbbb")
        await #expect(throws: ReleaseError.self) { try await fixture.flow.release(fixture.request(feature, to: "prod")) }
        let hook = fixture.remote.appendingPathComponent("hooks/pre-receive")
        try Data("#!/bin/sh\necho 'frozen' >&2\nexit 1\n".utf8).write(to: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        await #expect(throws: ReleaseError.self) { try await fixture.flow.release(fixture.request(feature, to: "dev")) }

        let events = try await fixture.store.eventsAwaitingFanOut(limit: 10)
        #expect(events.map(\.type) == [.releaseRefused, .releaseFailed])
        #expect(events[0].data.message?.contains("branch restriction") == true)
        #expect(events[0].data.environment == "prod")
        #expect(events[1].data.message?.contains("frozen") == true)
        #expect(events[1].data.release?.commit == nil)
    }

    @Test func aReleaseFinishedAgainAfterACrashIsNotifiedOnce() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let id = try await fixture.storeArtifact(sha: "cccccccccccc")
        // A writer that pushed and recorded the release (and its notification), then crashed
        // before marking its queue entry pushed.
        let (request, commit) = try await fixture.commitWithoutPushing(id)
        try await fixture.repository.push()
        let notified = OutboxEvent(
            id: "\(request.id).released", type: .released, time: Date(), data: NotificationData(service: "product", environment: "dev"))
        try await fixture.store.finishReleaseEvent(id: request.id, state: .released, commit: commit, message: "", at: Date(), notifying: [notified])

        let restarted = try await fixture.reopen()
        let report = try await restarted.queue.recover()

        #expect(report.pushed == [request.id])
        let events = try await restarted.store.eventsAwaitingFanOut(limit: 10)
        #expect(events.map(\.id) == ["\(request.id).released"])
    }

    @Test func aPolicyChangeIsNotifiedWithWhoChangedIt() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let policies = PolicyFlow(repository: ConfigReleaseRepository(fixture.repository), queue: fixture.queue, audit: fixture.store)
        let id = try await policies.applyAutoRelease(service: "product", branch: "master", environment: "dev", actor: ReleaseFixture.releaser)
        _ = try await policies.applyAutoRelease(service: "product", branch: "master", environment: "dev", actor: ReleaseFixture.releaser)
        _ = try await policies.delete(service: "product", ids: [id], actor: ReleaseFixture.releaser)
        let events = try await fixture.store.eventsAwaitingFanOut(limit: 10)
        // Applying what is there already commits nothing and notifies nothing.
        #expect(events.map(\.type) == [.policyChanged, .policyChanged])
        #expect(events.map { $0.data.policy?.action } == ["apply", "delete"])
        #expect(events[0].data.policy?.ids == [id])
        #expect(events[0].data.policy?.kind == "auto-release")
        #expect(events[0].data.policy?.branch == "master")
        #expect(events[0].data.policy?.changedBy == ReleaseFixture.releaser)
        #expect(events[0].subject == "product")
    }

    @Test func clusterReportsAreNotifiedWhenTheRolloutChanges() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let first = try await fixture.storeArtifact(sha: "dddddddddddd")
        let second = try await fixture.storeArtifact(sha: "eeeeeeeeeeee")
        guard case .released(let releaseID, _) = try await fixture.flow.release(fixture.request(first)) else {
            Issue.record("not released")
            return
        }
        let feedback = ClusterFeedback(store: fixture.store, repository: ConfigReleaseRepository(fixture.repository))
        func rollout(_ artifact: String, _ state: RolloutEvent.State, available: Int) -> RolloutEvent {
            RolloutEvent(
                name: "product", namespace: "dev", resourceType: "Deployment", artifactID: artifact, environment: "dev", squad: "nasa",
                authorEmail: "alice@example.com", state: state, availablePods: available, replicas: 2)
        }
        try await feedback.record(rollout(first, .progressing, available: 1))
        try await feedback.record(rollout(first, .running, available: 2))
        // The same state again (a resync) is not news.
        try await feedback.record(rollout(first, .running, available: 2))
        _ = try await fixture.flow.release(fixture.request(second))
        try await feedback.record(PodErrorEvent(
            podName: "product-5d8f7-abcde", namespace: "dev",
            errors: [.init(name: "product", message: "back-off restarting failed container", type: "CrashLoopBackOff")],
            authorEmail: "alice@example.com", environment: "dev", artifactID: second, squad: "nasa", alertSquad: "#squad-nasa-alerts"))
        try await feedback.record(JobErrorEvent(
            jobName: "product-migrate", namespace: "dev", errors: [.init(reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit")],
            authorEmail: "alice@example.com", environment: "dev", artifactID: second, squad: "nasa"))

        let events = try await fixture.store.eventsAwaitingFanOut(limit: 20)
        #expect(events.map(\.type) == [.released, .rolloutSucceeded, .released, .podError, .rolloutFailed, .jobError])
        let succeeded = events[1]
        #expect(succeeded.data.release?.id == releaseID)
        #expect(succeeded.data.workload == NotificationData.Workload(kind: "Deployment", name: "product", availablePods: 2, desiredPods: 2, reason: nil))
        #expect(succeeded.data.artifact?.author.email == "alice@example.com")
        #expect(events[3].data.errors?.first?.type == "CrashLoopBackOff")
        #expect(events[3].data.alertChannel == "#squad-nasa-alerts")
        #expect(events[4].data.workload?.reason == "CrashLoopBackOff")
        #expect(events[5].data.errors?.first?.type == "BackoffLimitExceeded")
    }

    @Test func aWorkloadFoundRunningLongAfterItsReleaseIsNoNews() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let id = try await fixture.storeArtifact(sha: "ffffffffffff")
        _ = try await fixture.flow.release(fixture.request(id))
        // A daemon that starts an hour later finds it running: nothing to tell anyone.
        let later = ClusterFeedback(
            store: fixture.store, repository: ConfigReleaseRepository(fixture.repository), now: { Date().addingTimeInterval(3600) })
        try await later.record(RolloutEvent(
            name: "product", namespace: "dev", resourceType: "Deployment", artifactID: id, environment: "dev", squad: "nasa",
            authorEmail: "alice@example.com", state: .running, availablePods: 2, replicas: 2))
        #expect(try await fixture.store.eventsAwaitingFanOut(limit: 10).map(\.type) == [.released])
    }
}
