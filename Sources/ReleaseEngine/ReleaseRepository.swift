import Foundation
import MoonbaseStore
import ReleaseModel

/// What the release engine needs of the GitOps config repository, in the engine's own terms.
/// ``ConfigReleaseRepository`` is the implementation over a git clone; the protocol is the seam
/// where a test or another backend plugs in.
///
/// One ``ReleaseQueue`` is the only writer of a repository; flows only read (at `HEAD`, so a
/// write in progress is never seen half-done).
public protocol ReleaseRepository: Sendable {
    /// Brings the local state up to the remote's, dropping nothing that is pushed.
    func refresh() async throws(ReleaseRepositoryError)
    /// Commits what is staged, as the repository's own committer; nil when nothing changed.
    func commit(message: String) async throws(ReleaseRepositoryError) -> String?
    /// Commits `releases` in order, one commit each. Per release: its commit, nil when the
    /// repository already holds exactly that release, or why that one release was refused.
    func commitReleases(_ releases: [ReleaseWrite]) async throws(ReleaseRepositoryError) -> [Result<String?, ReleaseRepositoryError>]
    /// Pushes, rebasing onto a remote that moved.
    func push() async throws(ReleaseRepositoryError) -> RepositoryPush
    /// Pushes without rebasing: a remote that moved is ``ReleaseRepositoryError/remoteMoved(_:)``.
    func pushWithoutRebasing() async throws(ReleaseRepositoryError) -> RepositoryPush
    func unpushedCommits() async throws(ReleaseRepositoryError) -> [String]
    func dropUnpushedCommits() async throws(ReleaseRepositoryError)
    func discardUncommittedChanges() async throws(ReleaseRepositoryError)
    /// Release commits of `HEAD`, newest first.
    func releaseCommits(limit: Int) async throws(ReleaseRepositoryError) -> [ReleaseCommit]
    /// The `artifact.json` of a release at `commit` (or `HEAD`); nil when it has none.
    func artifactData(at commit: String, environment: String, namespace: String, service: String) async throws(ReleaseRepositoryError) -> Data?
    /// The files a release at `commit` has in its folder, as its artifact had them for the
    /// environment (`artifact.json` left out); empty when there is no such release.
    func releaseFiles(at commit: String, environment: String, namespace: String, service: String) async throws(ReleaseRepositoryError) -> [ReleaseFile]
    func policies(service: String) async throws(ReleaseRepositoryError) -> Policies?
    /// Stages `policies`; false when the file already held them.
    func writePolicies(_ policies: Policies, service: String) async throws(ReleaseRepositoryError) -> Bool
    func history(environment: String, service: String, count: Int, offset: Int) async throws(ReleaseRepositoryError) -> [ReleaseHistoryEntry]
    func environments() async throws(ReleaseRepositoryError) -> [String]
    func status(service: String, namespace: String?) async throws(ReleaseRepositoryError) -> [ReleasedArtifact]
    func releases(environment: String) async throws(ReleaseRepositoryError) -> [(service: String, release: ReleasedArtifact)]
    /// Whether `revision` is `commit` or descends from it (false when either is unknown).
    func contains(_ commit: String, inRevision revision: String) async throws(ReleaseRepositoryError) -> Bool
}

/// What a push did.
public struct RepositoryPush: Sendable, Equatable {
    /// How many pushes were tried; more than one means the local commits were rebased onto a
    /// remote that had moved, so their ids changed.
    public var attempts: Int
    /// The commit the remote branch points at now.
    public var head: String

    public init(attempts: Int, head: String) {
        self.attempts = attempts
        self.head = head
    }
}

/// Why the config repository could not do what the engine asked, sorted by what the engine and
/// its callers do about it.
public enum ReleaseRepositoryError: Error, Sendable, CustomStringConvertible {
    /// A service, environment or namespace name was refused.
    case invalidName(InvalidNameError)
    /// The remote kept moving, or the local commits did not rebase onto it: trying again later
    /// may succeed.
    case remoteMoved(String)
    /// A committed `artifact.json` cannot be read.
    case unreadableArtifact(String)
    /// Anything else (git failed, a file could not be read or written, a release was refused).
    case failed(String)

    public var description: String {
        switch self {
        case .invalidName(let error): error.description
        case .remoteMoved(let reason), .unreadableArtifact(let reason), .failed(let reason): reason
        }
    }
}

/// What the release engine needs of the store: artifacts, release events and the durable queue.
public typealias ReleaseStore = ArtifactStore & ReleaseHistoryStore & ReleaseQueueStore
