import Foundation
import Synchronization

/// The snapshot of a working clone's `HEAD` that its reads answer from (see ``ConfigSnapshot``).
///
/// Each read finds the commit `HEAD` is at by reading the ref files under `.git` (no process,
/// see ``RefFiles``)
/// and answers from memory when the snapshot is of that commit. When `HEAD` moved, one caller
/// updates the snapshot and the others wait for that update, so a burst of reads after a push
/// costs one update.
final class ConfigSnapshotCache: Sendable {
    private struct State {
        var current: ConfigSnapshot?
        var update: (head: String, task: Task<ConfigSnapshot, any Error>)?
    }

    private let state = Mutex(State())
    private let refs: RefFiles

    init(refs: RefFiles) {
        self.refs = refs
    }

    /// The snapshot of the commit `HEAD` is at now.
    func snapshot(of repository: ConfigRepository) async throws(ConfigRepositoryError) -> ConfigSnapshot {
        let head: String
        if let read = refs.head() {
            head = read
        } else {
            head = try await repository.run(["rev-parse", "HEAD"]).trimmed
        }
        let task = state.withLock { state -> Task<ConfigSnapshot, any Error>? in
            if let current = state.current, current.head == head { return nil }
            if let update = state.update, update.head == head { return update.task }
            let previous = state.current
            let task = Task { () async throws -> ConfigSnapshot in
                if let previous {
                    return try await previous.updated(to: head, from: repository)
                }
                return try await ConfigSnapshot.loaded(at: head, from: repository)
            }
            state.update = (head, task)
            return task
        }
        guard let task else {
            if let current = state.withLock({ $0.current }), current.head == head { return current }
            return try await snapshot(of: repository)
        }
        do {
            let snapshot = try await task.value
            state.withLock { state in
                if state.update?.head == head { state.update = nil }
                state.current = snapshot
            }
            return snapshot
        } catch {
            state.withLock { state in
                if state.update?.head == head { state.update = nil }
            }
            if let error = error as? ConfigRepositoryError { throw error }
            throw .file(path: refs.gitFolder.path, reason: "\(error)")
        }
    }

    /// Makes `snapshot` the current one: for the writer, which moved `HEAD` to its commit and
    /// knows what changed without asking git.
    func adopt(_ snapshot: ConfigSnapshot) {
        state.withLock { $0.current = snapshot }
    }
}
