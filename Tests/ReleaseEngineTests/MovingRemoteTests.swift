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
    let base: ConfigRepository
    let other: ConfigRepository
    let moved = Mutex(false)

    init(base: ConfigRepository, other: ConfigRepository) {
        self.base = base
        self.other = other
    }

    func refresh() async throws(ConfigRepositoryError) { try await base.refresh() }
    func commit(message: String, author: GitIdentity?) async throws(ConfigRepositoryError) -> String? {
        try await base.commit(message: message, author: author)
    }
    func commitReleases(_ releases: [ReleaseWrite]) async throws(ConfigRepositoryError) -> [Result<String?, ConfigRepositoryError>] {
        try await base.commitReleases(releases)
    }
    func push() async throws(ConfigRepositoryError) -> ConfigRepository.PushResult {
        try await moveRemoteOnce()
        return try await base.push()
    }
    func pushWithoutRebasing() async throws(ConfigRepositoryError) -> ConfigRepository.PushResult {
        try await moveRemoteOnce()
        return try await base.pushWithoutRebasing()
    }
    private func moveRemoteOnce() async throws(ConfigRepositoryError) {
        let first = moved.withLock { moved in
            defer { moved = true }
            return !moved
        }
        guard first else { return }
        try await other.refresh()
        try await other.writePolicies(Policies(service: "elsewhere", branchRestrictions: [
            BranchRestriction(id: "branch-restriction-prod", branchRegex: "^master$", environment: "prod"),
        ]), service: "elsewhere")
        _ = try await other.commit(message: "[elsewhere] policy update: apply branch-restriction in 'prod'")
        try await other.push()
    }
    func unpushedCommits() async throws(ConfigRepositoryError) -> [String] { try await base.unpushedCommits() }
    func dropUnpushedCommits() async throws(ConfigRepositoryError) { try await base.dropUnpushedCommits() }
    func discardUncommittedChanges() async throws(ConfigRepositoryError) { try await base.discardUncommittedChanges() }
    func releaseCommits(limit: Int) async throws(ConfigRepositoryError) -> [ReleaseCommit] { try await base.releaseCommits(limit: limit) }
    func artifactData(at commit: String, environment: String, namespace: String, service: String) async throws(ConfigRepositoryError) -> Data? {
        try await base.artifactData(at: commit, environment: environment, namespace: namespace, service: service)
    }
    func policies(service: String) async throws(ConfigRepositoryError) -> Policies? { try await base.policies(service: service) }
    func writePolicies(_ policies: Policies, service: String) async throws(ConfigRepositoryError) -> Bool {
        try await base.writePolicies(policies, service: service)
    }
    func history(environment: String, service: String, count: Int, offset: Int) async throws(ConfigRepositoryError) -> [ReleaseHistoryEntry] {
        try await base.history(environment: environment, service: service, count: count, offset: offset)
    }
    func environments() async throws(ConfigRepositoryError) -> [String] { try await base.environments() }
    func status(service: String, namespace: String?) async throws(ConfigRepositoryError) -> [ReleasedArtifact] {
        try await base.status(service: service, namespace: namespace)
    }
    func releases(environment: String) async throws(ConfigRepositoryError) -> [(service: String, release: ReleasedArtifact)] {
        try await base.releases(environment: environment)
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
