import Foundation
import MoonbaseStore
import ReleaseModel

/// The store rebuilt from the config repository's history (`moonbase reindex`): git is the
/// source of truth for what was released, the store only indexes it. Policies need nothing:
/// they are read from the repository itself.
public enum StoreReindex {
    /// What a rebuild did.
    public struct Summary: Sendable, Hashable {
        /// Release commits indexed as the release history.
        public var releases: Int
        /// Artifacts missing from the store that were restored from their releases.
        public var restoredArtifacts: Int
        /// Released artifacts the store already had (left as they are).
        public var knownArtifacts: Int
        /// Released artifacts that could not be restored, each with why.
        public var unrestorable: [String]
    }

    /// Restores every released artifact the store is missing, from the `artifact.json` and
    /// files of its releases (the environments it was released to: its files for others
    /// were never in git), oldest first so that the catalog's newest upload is the newest
    /// release; then replaces the store's released events with one per release commit
    /// (attempts that never became commits are kept). Idempotent. `progress` hears how far
    /// it is.
    public static func rebuild(
        from repository: any ReleaseRepository, into store: any ReleaseHistoryStore & ArtifactStore,
        progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> Summary {
        let commits = try await repository.releaseCommits(limit: .max)
        progress("read \(commits.count) release commits")
        var summary = Summary(releases: 0, restoredArtifacts: 0, knownArtifacts: 0, unrestorable: [])
        for artifact in try await releasedArtifacts(commits, missingFrom: store, in: repository, summary: &summary) {
            do {
                try await store.storeArtifact(try artifact.upload())
                summary.restoredArtifacts += 1
            } catch let error as StoreError {
                summary.unrestorable.append("\(artifact.service) \(artifact.id): \(error)")
            }
            if summary.restoredArtifacts > 0, summary.restoredArtifacts.isMultiple(of: 100) {
                progress("restored \(summary.restoredArtifacts) artifacts")
            }
        }
        progress("restored \(summary.restoredArtifacts) artifacts, \(summary.knownArtifacts) already stored")
        let events = commits.map { release in
            let message = release.message
            return ReleaseEvent(
                service: message.service, environment: message.environment, namespace: release.namespace ?? message.environment,
                artifactID: message.artifactID, intent: message.intent, releasedBy: message.releasedBy, reason: message.reason,
                state: .released, commit: release.commit,
                requestedAt: release.committedAt.date, finishedAt: release.committedAt.date
            )
        }
        try await store.replaceHistory(events)
        summary.releases = events.count
        progress("indexed \(events.count) releases")
        return summary
    }

    /// An artifact as its releases in git have it.
    struct ReleasedArtifact {
        var service: String
        var id: String
        var specJSON: Data
        /// Per environment, its files there.
        var files: [String: [ReleaseFile]]

        func upload() throws(StoreError) -> ArtifactUpload {
            try ArtifactUpload(
                specJSON: specJSON,
                files: files.sorted { $0.key < $1.key }.flatMap { environment, files in
                    files.map { ArtifactFile(environment: environment, path: $0.path, content: $0.contents) }
                })
        }
    }

    /// The released artifacts `store` lacks, in the order of their first release: each
    /// environment's files read from the artifact's first release there (a later one is the
    /// same artifact, so the same files).
    static func releasedArtifacts(
        _ commits: [ReleaseCommit], missingFrom store: any ArtifactStore, in repository: any ReleaseRepository, summary: inout Summary
    ) async throws -> [ReleasedArtifact] {
        struct Key: Hashable { var service: String, id: String }
        var artifacts: [Key: ReleasedArtifact] = [:]
        var order: [Key] = []
        var known = Set<Key>()
        for commit in commits.reversed() {
            let message = commit.message
            let key = Key(service: message.service, id: message.artifactID)
            guard let namespace = commit.namespace, !known.contains(key), artifacts[key]?.files[message.environment] == nil else { continue }
            if artifacts[key] == nil, try await store.artifact(service: key.service, id: key.id) != nil {
                known.insert(key)
                summary.knownArtifacts += 1
                continue
            }
            guard let specJSON = try await repository.artifactData(
                at: commit.commit, environment: message.environment, namespace: namespace, service: message.service)
            else { continue }
            let files = try await repository.releaseFiles(
                at: commit.commit, environment: message.environment, namespace: namespace, service: message.service)
            if artifacts[key] == nil {
                artifacts[key] = ReleasedArtifact(service: key.service, id: key.id, specJSON: specJSON, files: [:])
                order.append(key)
            }
            artifacts[key]?.files[message.environment] = files
        }
        return order.compactMap { artifacts[$0] }
    }
}
