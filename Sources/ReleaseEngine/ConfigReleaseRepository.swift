import ConfigRepo
import Foundation
import ReleaseModel

/// A git clone of the config repository (``ConfigRepository``) as the release engine's
/// ``ReleaseRepository``: the same calls, with the repository's errors sorted into the engine's.
public struct ConfigReleaseRepository: ReleaseRepository {
    public let repository: ConfigRepository

    public init(_ repository: ConfigRepository) {
        self.repository = repository
    }

    public func refresh() async throws(ReleaseRepositoryError) {
        try await translated { () throws(ConfigRepositoryError) in try await repository.refresh() }
    }

    public func commit(message: String) async throws(ReleaseRepositoryError) -> String? {
        try await translated { () throws(ConfigRepositoryError) in try await repository.commit(message: message) }
    }

    public func commitReleases(_ releases: [ReleaseWrite]) async throws(ReleaseRepositoryError) -> [Result<String?, ReleaseRepositoryError>] {
        try await translated { () throws(ConfigRepositoryError) in try await repository.commitReleases(releases) }
            .map { $0.mapError(ReleaseRepositoryError.init) }
    }

    public func push() async throws(ReleaseRepositoryError) -> RepositoryPush {
        let result = try await translated { () throws(ConfigRepositoryError) in try await repository.push() }
        return RepositoryPush(attempts: result.attempts, head: result.head)
    }

    public func pushWithoutRebasing() async throws(ReleaseRepositoryError) -> RepositoryPush {
        let result = try await translated { () throws(ConfigRepositoryError) in try await repository.pushWithoutRebasing() }
        return RepositoryPush(attempts: result.attempts, head: result.head)
    }

    public func unpushedCommits() async throws(ReleaseRepositoryError) -> [String] {
        try await translated { () throws(ConfigRepositoryError) in try await repository.unpushedCommits() }
    }

    public func dropUnpushedCommits() async throws(ReleaseRepositoryError) {
        try await translated { () throws(ConfigRepositoryError) in try await repository.dropUnpushedCommits() }
    }

    public func discardUncommittedChanges() async throws(ReleaseRepositoryError) {
        try await translated { () throws(ConfigRepositoryError) in try await repository.discardUncommittedChanges() }
    }

    public func releaseCommits(limit: Int) async throws(ReleaseRepositoryError) -> [ReleaseCommit] {
        try await translated { () throws(ConfigRepositoryError) in try await repository.releaseCommits(limit: limit) }
    }

    public func artifactData(at commit: String, environment: String, namespace: String, service: String) async throws(ReleaseRepositoryError) -> Data? {
        try await translated { () throws(ConfigRepositoryError) in
            try await repository.artifactData(at: commit, environment: environment, namespace: namespace, service: service)
        }
    }

    public func releaseFiles(at commit: String, environment: String, namespace: String, service: String) async throws(ReleaseRepositoryError) -> [ReleaseFile] {
        try await translated { () throws(ConfigRepositoryError) in
            try await repository.releaseFiles(at: commit, environment: environment, namespace: namespace, service: service)
        }
    }

    public func policies(service: String) async throws(ReleaseRepositoryError) -> Policies? {
        try await translated { () throws(ConfigRepositoryError) in try await repository.policies(service: service) }
    }

    public func writePolicies(_ policies: Policies, service: String) async throws(ReleaseRepositoryError) -> Bool {
        try await translated { () throws(ConfigRepositoryError) in try await repository.writePolicies(policies, service: service) }
    }

    public func history(environment: String, service: String, count: Int, offset: Int) async throws(ReleaseRepositoryError) -> [ReleaseHistoryEntry] {
        try await translated { () throws(ConfigRepositoryError) in
            try await repository.history(environment: environment, service: service, count: count, offset: offset)
        }
    }

    public func environments() async throws(ReleaseRepositoryError) -> [String] {
        try await translated { () throws(ConfigRepositoryError) in try await repository.environments() }
    }

    public func status(service: String, namespace: String?) async throws(ReleaseRepositoryError) -> [ReleasedArtifact] {
        try await translated { () throws(ConfigRepositoryError) in try await repository.status(service: service, namespace: namespace) }
    }

    public func releases(environment: String) async throws(ReleaseRepositoryError) -> [(service: String, release: ReleasedArtifact)] {
        try await translated { () throws(ConfigRepositoryError) in try await repository.releases(environment: environment) }
    }

    public func contains(_ commit: String, inRevision revision: String) async throws(ReleaseRepositoryError) -> Bool {
        try await translated { () throws(ConfigRepositoryError) in try await repository.contains(commit, inRevision: revision) }
    }

    private func translated<T>(_ body: () async throws(ConfigRepositoryError) -> T) async throws(ReleaseRepositoryError) -> T {
        do {
            return try await body()
        } catch {
            throw ReleaseRepositoryError(error)
        }
    }
}

extension ReleaseRepositoryError {
    init(_ error: ConfigRepositoryError) {
        switch error {
        case .invalidName(let name): self = .invalidName(name)
        case .pushRejected, .rebaseConflict: self = .remoteMoved(error.description)
        case .artifact: self = .unreadableArtifact(error.description)
        default: self = .failed(error.description)
        }
    }
}
