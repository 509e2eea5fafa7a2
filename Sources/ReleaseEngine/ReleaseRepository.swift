import ConfigRepo
import Foundation
import MoonbaseStore
import ReleaseModel

/// What the release engine needs of the GitOps config repository. ``ConfigRepository`` is the
/// implementation; the protocol is the seam where a test or another backend plugs in.
///
/// One ``ReleaseQueue`` is the only writer of a repository; flows only read (at `HEAD`, so a
/// write in progress is never seen half-done).
public protocol ReleaseRepository: Sendable {
    func refresh() async throws(ConfigRepositoryError)
    func commit(message: String, author: GitIdentity?) async throws(ConfigRepositoryError) -> String?
    func commitReleases(_ releases: [ReleaseWrite]) async throws(ConfigRepositoryError) -> [Result<String?, ConfigRepositoryError>]
    func push() async throws(ConfigRepositoryError) -> ConfigRepository.PushResult
    func pushWithoutRebasing() async throws(ConfigRepositoryError) -> ConfigRepository.PushResult
    func unpushedCommits() async throws(ConfigRepositoryError) -> [String]
    func dropUnpushedCommits() async throws(ConfigRepositoryError)
    func discardUncommittedChanges() async throws(ConfigRepositoryError)
    func releaseCommits(limit: Int) async throws(ConfigRepositoryError) -> [ReleaseCommit]
    func artifactData(at commit: String, environment: String, namespace: String, service: String) async throws(ConfigRepositoryError) -> Data?
    func policies(service: String) async throws(ConfigRepositoryError) -> Policies?
    func writePolicies(_ policies: Policies, service: String) async throws(ConfigRepositoryError) -> Bool
    func history(environment: String, service: String, count: Int, offset: Int) async throws(ConfigRepositoryError) -> [ReleaseHistoryEntry]
    func environments() async throws(ConfigRepositoryError) -> [String]
    func status(service: String, namespace: String?) async throws(ConfigRepositoryError) -> [ReleasedArtifact]
    func releases(environment: String) async throws(ConfigRepositoryError) -> [(service: String, release: ReleasedArtifact)]
}

extension ConfigRepository: ReleaseRepository {}

/// What the release engine needs of the store: artifacts, release events and the durable queue.
public typealias ReleaseStore = ArtifactStore & ReleaseHistoryStore & ReleaseQueueStore
