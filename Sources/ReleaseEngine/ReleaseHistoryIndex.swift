import Foundation
import MoonbaseStore
import ReleaseModel

/// The store's release history as the config repository's history tells it (`moonbase
/// reindex`): git is the source of truth for what was released, the store only indexes it.
public enum ReleaseHistoryIndex {
    /// Replaces the store's released events with one per release commit of `repository`
    /// (attempts that never became commits are kept) and returns how many it indexed.
    @discardableResult
    public static func rebuild(from repository: any ReleaseRepository, into store: any ReleaseHistoryStore) async throws -> Int {
        let events = try await repository.releaseCommits(limit: .max).map { release in
            let message = release.message
            return ReleaseEvent(
                service: message.service, environment: message.environment, namespace: release.namespace ?? message.environment,
                artifactID: message.artifactID, intent: message.intent, releasedBy: message.releasedBy, reason: message.reason,
                state: .released, commit: release.commit,
                requestedAt: release.committedAt.date, finishedAt: release.committedAt.date
            )
        }
        try await store.replaceHistory(events)
        return events.count
    }
}
