import Foundation
import ReleaseModel

/// Where a rollback goes.
public enum RollbackTarget: Sendable, Hashable {
    /// The release before the current one (one step back).
    case previous
    /// `steps` releases back (1 is ``previous``).
    case steps(Int)
    /// A given artifact among the environment's earlier releases.
    case artifact(String)
}

/// Rolls an environment back to an earlier release, read from the config repository's history
/// (spec §2.6), with intent ``Intent/rollback(previousArtifactID:)`` and a reason.
///
/// ## Walking back
/// The reference can only go one step: a second rollback would return to the release just
/// rolled back from. Here the history is walked newest first and a release is *undone* once a
/// newer rollback replaced it (the rollback's `Rollback-of-artifact-id`). A step back is the next
/// release, going back in time, whose artifact is neither the current one, nor undone, nor
/// already counted as a step. So with releases A, B, C (C current): a rollback goes to B, a
/// second to A (C and B are undone), a third has nowhere to go. A new release D after that
/// rolls back to A (what ran before D), since only rollbacks mark releases undone.
public struct RollbackFlow: Sendable {
    public let release: ReleaseFlow
    /// How many releases of history are read to find the target.
    public var historyLength: Int

    public init(release: ReleaseFlow, historyLength: Int = 100) {
        self.release = release
        self.historyLength = historyLength
    }

    @discardableResult
    public func rollback(
        service: String, environment: String, to target: RollbackTarget = .previous, actor: Person, reason: String, wait: Bool = true
    ) async throws(ReleaseError) -> ReleaseOutcome {
        let request = try await rollbackRelease(service: service, environment: environment, to: target, actor: actor, reason: reason)
        return try await release.release(request, wait: wait)
    }

    /// The release a rollback makes: the target artifact, with intent Rollback of the current one.
    public func rollbackRelease(
        service: String, environment: String, to target: RollbackTarget = .previous, actor: Person, reason: String
    ) async throws(ReleaseError) -> ArtifactRelease {
        let history: [ReleaseHistoryEntry]
        do {
            history = try await release.repository.history(environment: environment, service: service, count: historyLength, offset: 0)
        } catch {
            throw .repository(error)
        }
        guard let current = history.first else {
            throw .nothingReleased(service: service, environment: environment)
        }
        let artifactID = try Self.target(target, in: history, service: service, environment: environment)
        return ArtifactRelease(
            service: service, environment: environment, artifactID: artifactID,
            intent: .rollback(previousArtifactID: current.artifact.id), actor: actor, reason: reason
        )
    }

    /// The artifact id a rollback goes to, from `history` (newest first, index 0 current).
    public static func target(_ target: RollbackTarget, in history: [ReleaseHistoryEntry], service: String, environment: String) throws(ReleaseError) -> String {
        guard let current = history.first else {
            throw .nothingReleased(service: service, environment: environment)
        }
        switch target {
        case .artifact(let id):
            guard id != current.artifact.id, history.dropFirst().contains(where: { $0.artifact.id == id }) else {
                throw .notInHistory(artifactID: id, service: service, environment: environment)
            }
            return id
        case .previous:
            return try Self.target(.steps(1), in: history, service: service, environment: environment)
        case .steps(let steps):
            guard steps >= 1 else { throw .invalidArgument("a rollback goes at least one step back, not \(steps)") }
            let candidates = stepsBack(history)
            guard candidates.count >= steps else {
                throw .noRollbackTarget(service: service, environment: environment)
            }
            return candidates[steps - 1]
        }
    }

    /// The artifacts a rollback can step back to, nearest first (see "Walking back").
    static func stepsBack(_ history: [ReleaseHistoryEntry]) -> [String] {
        guard let current = history.first else { return [] }
        var undone: Set<String> = []
        var seen: Set<String> = [current.artifact.id]
        var candidates: [String] = []
        for entry in history {
            let id = entry.artifact.id
            if !seen.contains(id), !undone.contains(id) {
                candidates.append(id)
                seen.insert(id)
            }
            if case .rollback(let previous) = entry.intent, !previous.isEmpty {
                undone.insert(previous)
            }
        }
        return candidates
    }
}
