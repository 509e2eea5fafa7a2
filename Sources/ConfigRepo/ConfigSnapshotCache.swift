import Foundation
import Synchronization

/// The snapshot of a working clone's `HEAD` that its reads answer from (see ``ConfigSnapshot``).
///
/// Each read finds the commit `HEAD` is at by reading the ref files under `.git` (no process)
/// and answers from memory when the snapshot is of that commit. When `HEAD` moved, one caller
/// updates the snapshot and the others wait for that update, so a burst of reads after a push
/// costs one update.
final class ConfigSnapshotCache: Sendable {
    private struct State {
        var current: ConfigSnapshot?
        var update: (head: String, task: Task<ConfigSnapshot, any Error>)?
    }

    private let state = Mutex(State())
    private let gitFolder: URL

    init(gitFolder: URL) {
        self.gitFolder = gitFolder
    }

    /// The snapshot of the commit `HEAD` is at now.
    func snapshot(of repository: ConfigRepository) async throws(ConfigRepositoryError) -> ConfigSnapshot {
        let head: String
        if let read = headFromFiles() {
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
            throw .file(path: gitFolder.path, reason: "\(error)")
        }
    }

    /// Makes `snapshot` the current one: for the writer, which moved `HEAD` to its commit and
    /// knows what changed without asking git.
    func adopt(_ snapshot: ConfigSnapshot) {
        state.withLock { $0.current = snapshot }
    }

    /// The commit `HEAD` is at, read from `.git/HEAD` and the branch's loose or packed ref; nil
    /// when the files do not say (another ref storage, or a ref being rewritten).
    private func headFromFiles() -> String? {
        guard let headFile = try? String(contentsOf: gitFolder.appendingPathComponent("HEAD"), encoding: .utf8) else { return nil }
        let headText = headFile.trimmingCharacters(in: .whitespacesAndNewlines)
        guard headText.hasPrefix("ref: ") else { return Self.isCommitID(headText) ? headText : nil }
        let ref = String(headText.dropFirst("ref: ".count))
        guard ref.hasPrefix("refs/heads/"), !ref.contains("..") else { return nil }
        if let loose = try? String(contentsOf: gitFolder.appendingPathComponent(ref), encoding: .utf8) {
            let id = loose.trimmingCharacters(in: .whitespacesAndNewlines)
            return Self.isCommitID(id) ? id : nil
        }
        guard let packed = try? String(contentsOf: gitFolder.appendingPathComponent("packed-refs"), encoding: .utf8) else { return nil }
        for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
            let id = String(line.prefix { $0 != " " })
            return Self.isCommitID(id) ? id : nil
        }
        return nil
    }

    private static func isCommitID(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }
}
