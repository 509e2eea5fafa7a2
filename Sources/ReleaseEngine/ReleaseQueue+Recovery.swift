import Foundation
import MoonbaseStore
import ReleaseModel

/// What ``ReleaseQueue/recover()`` did with the releases a previous run left unfinished.
public struct RecoveryReport: Sendable, Hashable {
    /// Committed before the crash and now pushed (or found pushed already).
    public var pushed: [String] = []
    /// Put back in the queue to be written again.
    public var requeued: [String] = []
}

extension ReleaseQueue {
    /// Finishes what a previous run left: call once at start-up, before serving, with the
    /// repository opened without refreshing (`ConfigRepository.open(_:refresh: false)`).
    ///
    /// - Committed entries whose commits are exactly the clone's unpushed commits are pushed
    ///   and marked pushed; commits already on the remote are marked pushed.
    /// - When the clone holds unpushed commits no committed entry accounts for (a crash between
    ///   commit and recording it), all unpushed commits are dropped and their entries redone,
    ///   so nothing is pushed twice or half.
    /// - Entries in progress are requeued; queued ones are left for the writer, which starts.
    @discardableResult
    public func recover() async throws(ReleaseError) -> RecoveryReport {
        let store = self.store
        let unfinished = try await ReleaseError.store { try await store.unfinishedReleases() }
        var report = RecoveryReport()
        let committed = unfinished.filter { $0.state == .committed }
        let unpushed: [String]
        do {
            unpushed = try await repository.unpushedCommits()
        } catch {
            throw .repository(error)
        }
        let tracked = Set(committed.compactMap(\.commit))
        var pushedCommits: [String: String] = [:]
        if !unpushed.isEmpty {
            var pushedOK = false
            if Set(unpushed).isSubset(of: tracked) {
                do {
                    let result = try await repository.push()
                    pushedOK = true
                    let recent = result.attempts > 1 ? await releaseCommits(limit: unpushed.count) : []
                    for entry in committed where entry.commit.map(unpushed.contains) == true {
                        let rebased = recent.first {
                            $0.message.service == entry.service && $0.message.environment == entry.environment
                                && $0.message.artifactID == entry.artifactID
                        }
                        pushedCommits[entry.id] = rebased?.commit ?? entry.commit
                    }
                } catch {
                    // Dropped and redone below.
                    failed(.pushRecoveredCommits, release: nil, error)
                }
            }
            if !pushedOK {
                do {
                    try await repository.dropUnpushedCommits()
                } catch {
                    throw .repository(error)
                }
            }
        }
        let remoteCommits = Set(await releaseCommits(limit: 1000).map(\.commit))
        for entry in unfinished {
            switch entry.state {
            case .committed:
                let commit = pushedCommits[entry.id] ?? entry.commit.flatMap { remoteCommits.contains($0) && !unpushed.contains($0) ? $0 : nil }
                if let commit {
                    let released = Notifications.release(.released, entry, spec: await spec(of: entry), commit: commit, message: nil, at: clock.now())
                    await finishEvent(entry.id, state: .released, commit: commit, message: "", notifying: [released])
                    _ = try await ReleaseError.store { try await store.markPushed(id: entry.id) }
                    report.pushed.append(entry.id)
                } else {
                    _ = try await ReleaseError.store { try await store.requeue(id: entry.id) }
                    report.requeued.append(entry.id)
                }
            case .inProgress:
                _ = try await ReleaseError.store { try await store.requeue(id: entry.id) }
                report.requeued.append(entry.id)
            case .queued, .pushed, .failed:
                break
            }
        }
        if unfinished.contains(where: { $0.state != .committed || report.requeued.contains($0.id) }) {
            startWriter()
        }
        return report
    }

    /// The newest release commits; none (logged and counted) when they cannot be read.
    private func releaseCommits(limit: Int) async -> [ReleaseCommit] {
        do {
            return try await repository.releaseCommits(limit: limit)
        } catch {
            failed(.readReleaseCommits, release: nil, error)
            return []
        }
    }
}
