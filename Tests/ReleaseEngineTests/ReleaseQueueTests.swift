import ConfigRepo
import Foundation
import MoonbaseStore
import ReleaseEngine
import ReleaseModel
import Testing

@Suite struct ReleaseQueueTests {
    @Test func concurrentReleasesLandInFewPushesWithLinearHistory() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let services = (1...20).map { "service-\($0)" }
        var ids: [String: String] = [:]
        for (index, service) in services.enumerated() {
            ids[service] = try await fixture.storeArtifact(service: service, sha: String(format: "%012d", index))
        }
        let before = Int(try await fixture.remoteGit(["rev-list", "--count", "master"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0

        let outcomes = try await withThrowingTaskGroup(of: ReleaseOutcome.self) { group in
            for service in services {
                let request = fixture.request(ids[service]!, service: service)
                group.addTask { try await fixture.flow.release(request) }
            }
            var outcomes: [ReleaseOutcome] = []
            for try await outcome in group { outcomes.append(outcome) }
            return outcomes
        }

        #expect(outcomes.count == 20)
        #expect(outcomes.allSatisfy { if case .released = $0 { true } else { false } })
        for service in services {
            #expect(try await fixture.remoteArtifactID(service: service) == ids[service])
        }
        let after = Int(try await fixture.remoteGit(["rev-list", "--count", "master"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(after - before == 20)
        #expect(try await fixture.remoteGit(["rev-list", "--merges", "master"]).isEmpty)
        let pushes = await fixture.queue.pushes
        #expect(pushes < 20, "20 releases took \(pushes) pushes")
    }

    @Test func aCommittedButUnpushedReleaseIsPushedAfterReopening() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let id = try await fixture.storeArtifact(sha: "cccccccccccc")
        // A writer that crashed between commit and push: claimed, written, committed, recorded.
        let (request, commit) = try await fixture.commitWithoutPushing(id)
        #expect(try await fixture.remoteArtifactID() == nil)

        let restarted = try await fixture.reopen()
        let report = try await restarted.queue.recover()

        #expect(report.pushed == [request.id])
        #expect(report.requeued.isEmpty)
        #expect(try await fixture.remoteArtifactID() == id)
        #expect(try await fixture.remoteGit(["rev-parse", "master"]).trimmingCharacters(in: .whitespacesAndNewlines) == commit)
        #expect(try await restarted.store.queuedRelease(id: request.id)?.state == .pushed)
        let event = try #require(try await restarted.store.releaseEvent(id: request.id))
        #expect(event.state == .released && event.commit == commit)
    }

    @Test func anInProgressReleaseIsRedoneAfterReopening() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let id = try await fixture.storeArtifact(sha: "dddddddddddd")
        let request = NewQueuedRelease(service: "product", environment: "dev", namespace: "dev", artifactID: id, intent: .releaseArtifact, actor: ReleaseFixture.releaser)
        try await fixture.store.enqueue(request)
        _ = try await fixture.store.claimReleases(limit: 10)

        let restarted = try await fixture.reopen()
        let report = try await restarted.queue.recover()
        await restarted.queue.drain()

        #expect(report.requeued == [request.id])
        #expect(try await restarted.store.queuedRelease(id: request.id)?.state == .pushed)
        #expect(try await fixture.remoteArtifactID() == id)
    }
}

@Suite struct ReleaseQueueChangeTests {
    @Test func aChangeIsCommittedAndPushedOnceAndOnlyWhenItChangedSomething() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let policies = Policies(service: "product", autoReleases: [AutoReleasePolicy(id: "a", branch: "master", environment: "dev")])
        let job: @Sendable (any ReleaseRepository) async throws(ReleaseError) -> StagedChange<String> = { repository throws(ReleaseError) in
            do throws(ReleaseRepositoryError) {
                _ = try await repository.writePolicies(policies, service: "product")
            } catch {
                throw .repository(error)
            }
            return StagedChange(message: "[product] policy update: apply auto-release in 'dev'", value: "done")
        }

        let first = try await fixture.queue.change(job)
        let second = try await fixture.queue.change(job)

        #expect(first.value == "done")
        let head = try await fixture.remoteGit(["rev-parse", "master"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(first.commit == head)
        #expect(second.commit == nil)
        #expect(await fixture.queue.pushes == 1)
    }

    @Test func aChangeThatThrowsLeavesNothingStagedOrPushed() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let head = try await fixture.remoteGit(["rev-parse", "master"])

        await #expect {
            try await fixture.queue.change { (repository: any ReleaseRepository) throws(ReleaseError) -> StagedChange<Int> in
                _ = try? await repository.writePolicies(Policies(service: "product"), service: "product")
                throw .invalidArgument("changed my mind")
            }
        } throws: { "\($0)" == "changed my mind" }

        #expect(try await fixture.remoteGit(["rev-parse", "master"]) == head)
        #expect(try await git(["status", "--porcelain"], in: fixture.clonePath) == "")
        #expect(try await fixture.repository.unpushedCommits().isEmpty)
    }
}

@Suite struct ReleaseQueueCrashTests {
    @Test func anUnpushedCommitNoEntryAccountsForIsDroppedAndItsReleaseRedone() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let id = try await fixture.storeArtifact(sha: "ffffffffffff")
        // Crashed after the commit, before recording it: the entry is in progress, the clone
        // holds a commit nobody knows about.
        let request = NewQueuedRelease(service: "product", environment: "dev", namespace: "dev", artifactID: id, intent: .releaseArtifact, actor: ReleaseFixture.releaser)
        try await fixture.store.enqueue(request)
        _ = try await fixture.store.claimReleases(limit: 10)
        let files = try await fixture.store.artifactFiles(service: "product", id: id, environment: "dev")
        let artifact = try #require(try await fixture.store.artifact(service: "product", id: id))
        try await fixture.repository.writeRelease(
            environment: "dev", namespace: "dev", service: "product",
            files: files.map { ReleaseFile(path: $0.path, contents: $0.content) }, artifactJSON: artifact.specJSON
        )
        _ = try await fixture.repository.commit(message: "half-done release")
        let before = try await fixture.remoteGit(["rev-list", "--count", "master"]).trimmingCharacters(in: .whitespacesAndNewlines)

        let restarted = try await fixture.reopen()
        let report = try await restarted.queue.recover()
        await restarted.queue.drain()

        #expect(report.requeued == [request.id])
        #expect(try await fixture.remoteArtifactID() == id)
        let after = try await fixture.remoteGit(["rev-list", "--count", "master"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Int(after) == Int(before)! + 1)
        #expect(try await fixture.remoteGit(["log", "-1", "--format=%s", "master"]).hasPrefix("[dev/product] release \(id)"))
    }
}

@Suite struct ReleaseQueueFailureTests {
    @Test func aRemoteThatRefusesPushesFailsTheReleaseWithGitsMessage() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let hook = fixture.remote.appendingPathComponent("hooks/pre-receive")
        try FileManager.default.createDirectory(at: hook.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("#!/bin/sh\necho 'frozen: no releases today' >&2\nexit 1\n".utf8).write(to: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        let id = try await fixture.storeArtifact(sha: "abababababab")
        let head = try await fixture.remoteGit(["rev-parse", "master"])

        await #expect {
            try await fixture.flow.release(fixture.request(id))
        } throws: { error in
            guard case ReleaseError.releaseFailed = error else { return false }
            return "\(error)".contains("frozen: no releases today")
        }

        #expect(try await fixture.remoteGit(["rev-parse", "master"]) == head)
        let events = try await fixture.store.releaseHistory(service: "product", environment: "dev", limit: 10, offset: 0).events
        #expect(events.map(\.state) == [.failed])
        let entry = try #require(try await fixture.store.queuedRelease(id: events[0].id))
        #expect(entry.state == .failed && entry.attempts == 3)
        #expect(try await fixture.repository.unpushedCommits().isEmpty)
    }
}
