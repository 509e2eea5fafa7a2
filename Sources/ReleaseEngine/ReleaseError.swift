import Foundation
import ReleaseModel

/// Why a release, promotion or rollback did not happen, worded for the person who asked.
public enum ReleaseError: Error, Sendable, CustomStringConvertible {
    /// The store has no such artifact of the service (API: 400).
    case artifactNotFound(service: String, artifactID: String, intent: Intent)
    /// A branch restriction (global when its id is empty) refused the artifact's branch.
    case refused(environment: String, artifactID: String, intent: Intent, branch: String, restriction: BranchRestriction)
    /// The artifact has no manifests for the environment.
    case unknownEnvironment(String, artifactID: String)
    /// A stored branch restriction could not be evaluated.
    case policy(PolicyError)
    /// The config repository failed.
    case repository(ReleaseRepositoryError)
    /// The store failed.
    case store(String)
    /// The queued release was tried and failed (after its retries).
    case releaseFailed(id: String, message: String)
    /// The release writer stopped (it could not clean up after a failure); queued releases are
    /// kept and the next start recovers them.
    case writerStopped(String)
    /// Describe: a release in the history has an `artifact.json` that cannot be read.
    case unreadableRelease(service: String, environment: String)
    /// Promotion: the environment is not in the configured order, or is its first.
    case noPreviousEnvironment(String)
    /// Promotion: nothing is released in the environment to promote from.
    case nothingToPromote(service: String, environment: String)
    /// Rollback: nothing is released in the environment.
    case nothingReleased(service: String, environment: String)
    /// Rollback: history holds no earlier release to go back to.
    case noRollbackTarget(service: String, environment: String)
    /// Rollback: the artifact is not among the environment's earlier releases.
    case notInHistory(artifactID: String, service: String, environment: String)
    /// A count or name outside what the flow accepts.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .artifactNotFound(let service, let artifactID, let intent):
            "\(intent.errorPhrase(artifactID: artifactID)) not found for service '\(service)'"
        case .refused(let environment, let artifactID, let intent, let branch, let restriction):
            "cannot release \(intent.errorPhrase(artifactID: artifactID)) to environment '\(environment)' due to branch restriction policy: "
                + "\(restriction.isGlobal ? "the global branch restriction" : "'\(restriction.id)'") allows only branches matching "
                + "'\(restriction.branchRegex)' and the artifact was built from '\(branch)'"
        case .unknownEnvironment(let environment, let artifactID):
            // The reference's text, then what is missing.
            "unknown environment: \(environment) (artifact '\(artifactID)' has no manifests for it: its upload had no \(environment)/ folder)"
        case .policy(let error):
            error.description
        case .repository(let error):
            error.description
        case .store(let reason):
            "store: \(reason)"
        case .releaseFailed(let id, let message):
            "release '\(id)' failed: \(message)"
        case .unreadableRelease(let service, let environment):
            // The reference's text.
            "no release of service '\(service)' available in environment '\(environment)'. Are you missing a namespace?"
        case .writerStopped(let reason):
            "the release writer stopped (\(reason)); the release is kept in the queue and is written after moonbase restarts"
        case .noPreviousEnvironment(let environment):
            "cannot promote to '\(environment)': it has no previous environment in the promotion order"
        case .nothingToPromote(let service, let environment):
            "cannot promote: service '\(service)' has no release in environment '\(environment)'"
        case .nothingReleased(let service, let environment):
            "can't do rollback, because service '\(service)' has no release in environment '\(environment)'"
        case .noRollbackTarget(let service, let environment):
            "can't do rollback, because there isn't a release to rollback to (service '\(service)', environment '\(environment)')"
        case .notInHistory(let artifactID, let service, let environment):
            "can't do rollback, because the artifact '\(artifactID)' isn't an earlier release of '\(service)' in '\(environment)'"
        case .invalidArgument(let reason):
            reason
        }
    }
}

extension ReleaseError {
    /// Runs a store call, turning its errors into ``ReleaseError/store(_:)``.
    static func store<T>(_ body: () async throws -> T) async throws(ReleaseError) -> T {
        do {
            return try await body()
        } catch {
            throw .store("\(error)")
        }
    }
}
