import Foundation
import Logging
import ReleaseModel

/// The `auto-rollback` policy at work: when the cluster reports that the artifact released to
/// an environment failed to roll out, release the one before it (``RollbackFlow``, one step
/// back) with intent Rollback and a reason that names the failure.
///
/// Only the failure of what is released now counts (a report about an older artifact changes
/// nothing), and a release that is itself an automatic rollback is never rolled back again:
/// if the earlier artifact fails too, people decide.
public struct AutoRollbackFlow: Sendable {
    public let rollback: RollbackFlow
    let logger: Logger

    /// Who the rollback commits name.
    public static let actor = Person(name: "Moonbase auto-rollback", email: "auto-rollback@moonbase.invalid")

    public init(rollback: RollbackFlow, logger: Logger) {
        self.rollback = rollback
        self.logger = logger
    }

    /// Rolls back when `change` is a failed rollout of the released artifact in an environment
    /// with auto-rollback; returns the rollback's outcome, or nil when nothing was done.
    @discardableResult
    public func react(to change: ClusterFeedback.Change) async -> ReleaseOutcome? {
        guard change.phase == .failed else { return nil }
        let repository = rollback.release.repository
        do {
            guard let policies = try await repository.policies(service: change.service),
                  policies.rollsBackAutomatically(in: change.environment)
            else { return nil }
            let history = try await repository.history(environment: change.environment, service: change.service, count: 1, offset: 0)
            guard let current = history.first, current.artifact.id == change.artifactID else { return nil }
            if case .rollback = current.intent, current.releasedBy == Self.actor {
                logger.warning(
                    "an automatic rollback failed too; not rolling back further",
                    metadata: ["service": "\(change.service)", "environment": "\(change.environment)", "artifact": "\(change.artifactID)"])
                return nil
            }
            let detail = [change.reason, change.message].filter { !$0.isEmpty }.joined(separator: ": ")
            let outcome = try await rollback.rollback(
                service: change.service, environment: change.environment, to: .previous, actor: Self.actor,
                reason: "auto-rollback: \(change.artifactID) failed in \(change.environment)" + (detail.isEmpty ? "" : " (\(detail))"), wait: false)
            logger.info(
                "queued a rollback of a failed rollout",
                metadata: ["service": "\(change.service)", "environment": "\(change.environment)", "artifact": "\(change.artifactID)"])
            return outcome
        } catch {
            logger.error(
                "auto-rollback failed",
                metadata: ["service": "\(change.service)", "environment": "\(change.environment)", "error": "\(error)"])
            return nil
        }
    }
}
