import ConfigRepo
import Foundation
import MoonbaseStore
import ReleaseEngine
import ReleaseModel
import Synchronization
import Testing

/// The real repository, except that just before its first push another writer pushes a
/// commit to the remote (a `^master$` restriction of `elsewhere` in prod): the queue's push
/// has to rebase, or a change has to be redone.
final class MovingRemoteRepository: ReleaseRepository {
    let base: ConfigReleaseRepository
    let other: ConfigRepository
    let moved = Mutex(false)

    init(base: ConfigRepository, other: ConfigRepository) {
        self.base = ConfigReleaseRepository(base)
        self.other = other
    }

    func refresh() async throws(ReleaseRepositoryError) { try await base.refresh() }
    func commit(message: String) async throws(ReleaseRepositoryError) -> String? { try await base.commit(message: message) }
    func commitReleases(_ releases: [ReleaseWrite]) async throws(ReleaseRepositoryError) -> [Result<String?, ReleaseRepositoryError>] {
        try await base.commitReleases(releases)
    }
    func push() async throws(ReleaseRepositoryError) -> RepositoryPush {
        try await moveRemoteOnce()
        return try await base.push()
    }
    func pushWithoutRebasing() async throws(ReleaseRepositoryError) -> RepositoryPush {
        try await moveRemoteOnce()
        return try await base.pushWithoutRebasing()
    }
    private func moveRemoteOnce() async throws(ReleaseRepositoryError) {
        let first = moved.withLock { moved in
            defer { moved = true }
            return !moved
        }
        guard first else { return }
        do {
            try await other.refresh()
            try await other.writePolicies(Policies(service: "elsewhere", branchRestrictions: [
                BranchRestriction(id: "branch-restriction-prod", branchRegex: "^master$", environment: "prod"),
            ]), service: "elsewhere")
            _ = try await other.commit(message: "[elsewhere] policy update: apply branch-restriction in 'prod'")
            try await other.push()
        } catch {
            throw .failed("the other writer could not push: \(error)")
        }
    }
    func unpushedCommits() async throws(ReleaseRepositoryError) -> [String] { try await base.unpushedCommits() }
    func dropUnpushedCommits() async throws(ReleaseRepositoryError) { try await base.dropUnpushedCommits() }
    func discardUncommittedChanges() async throws(ReleaseRepositoryError) { try await base.discardUncommittedChanges() }
    func releaseCommits(limit: Int) async throws(ReleaseRepositoryError) -> [ReleaseCommit] { try await base.releaseCommits(limit: limit) }
    func artifactData(at commit: String, environment: String, namespace: String, service: String) async throws(ReleaseRepositoryError) -> Data? {
        try await base.artifactData(at: commit, environment: environment, namespace: namespace, service: service)
    }
    func releaseFiles(at commit: String, environment: String, namespace: String, service: String) async throws(ReleaseRepositoryError) -> [ReleaseFile] {
        try await base.releaseFiles(at: commit, environment: environment, namespace: namespace, service: service)
    }
    func policies(service: String) async throws(ReleaseRepositoryError) -> Policies? { try await base.policies(service: service) }
    func writePolicies(_ policies: Policies, service: String) async throws(ReleaseRepositoryError) -> Bool {
        try await base.writePolicies(policies, service: service)
    }
    func history(environment: String, service: String, count: Int, offset: Int) async throws(ReleaseRepositoryError) -> [ReleaseHistoryEntry] {
        try await base.history(environment: environment, service: service, count: count, offset: offset)
    }
    func environments() async throws(ReleaseRepositoryError) -> [String] { try await base.environments() }
    func status(service: String, namespace: String?) async throws(ReleaseRepositoryError) -> [ReleasedArtifact] {
        try await base.status(service: service, namespace: namespace)
    }
    func releases(environment: String) async throws(ReleaseRepositoryError) -> [(service: String, release: ReleasedArtifact)] {
        try await base.releases(environment: environment)
    }

    func contains(_ commit: String, inRevision revision: String) async throws(ReleaseRepositoryError) -> Bool {
        try await base.contains(commit, inRevision: revision)
    }
}

@Suite struct MovingRemoteTests {
    @Test func aRemoteThatMovedIsRebasedOntoAndTheRebasedCommitRecorded() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let other = try await ConfigRepository.open(ConfigRepositoryOptions(
            remoteURL: fixture.remote.path, workingDirectory: fixture.base.appendingPathComponent("other")
        ))
        let repository = MovingRemoteRepository(base: fixture.repository, other: other)
        let queue = ReleaseQueue(repository: repository, store: fixture.store)
        let flow = ReleaseFlow(repository: repository, store: fixture.store, queue: queue)
        let id = try await fixture.storeArtifact(sha: "eeeeeeeeeeee")

        let outcome = try await flow.release(fixture.request(id))

        guard case .released(let releaseID, let commit) = outcome else {
            Issue.record("expected a release, got \(outcome)")
            return
        }
        let head = try await fixture.remoteGit(["rev-parse", "master"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(commit == head)
        #expect(try await fixture.remoteGit(["log", "-1", "--format=%s", "master~1"]).contains("[elsewhere] policy update"))
        #expect(try await fixture.remoteGit(["rev-list", "--merges", "master"]).isEmpty)
        #expect(try await fixture.store.releaseEvent(id: releaseID)?.commit == head)
    }
}
