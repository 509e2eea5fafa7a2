import Hummingbird
import ReleaseEngine
import ReleaseModel

extension API {
    func release(_ request: Request, identity: Identity) async throws -> ReleaseResponse {
        let body = try await Self.decode(ReleaseRequest.self, from: request)
        let errors = body.validationErrors()
        guard errors.isEmpty else { throw ErrorResponse.invalidInput(errors) }
        let intent = body.intent ?? .releaseArtifact
        let release = ArtifactRelease(
            service: body.service, environment: body.environment, artifactID: body.artifactID, intent: intent,
            actor: identity.actor(committerName: body.committerName, committerEmail: body.committerEmail), reason: body.reason
        )
        do {
            return Self.response(for: try await flow.release(release), of: release)
        } catch {
            throw Self.response(for: error)
        }
    }

    /// The answer to a release, promotion or rollback: `releaseId` = `tag` = the artifact id.
    static func response(for outcome: ReleaseOutcome, of release: ArtifactRelease) -> ReleaseResponse {
        switch outcome {
        case .upToDate(let environment):
            return .alreadyReleased(service: release.service, environment: environment)
        case .released(_, let commit):
            return ReleaseResponse(
                service: release.service, releaseID: release.artifactID, toEnvironment: release.environment, tag: release.artifactID, commit: commit
            )
        case .queued:
            return ReleaseResponse(service: release.service, releaseID: release.artifactID, toEnvironment: release.environment, tag: release.artifactID)
        }
    }

    /// Spec §1.3's error mapping.
    static func response(for error: ReleaseError) -> ErrorResponse {
        switch error {
        case .artifactNotFound, .unknownEnvironment, .noPreviousEnvironment, .nothingToPromote, .nothingReleased, .noRollbackTarget,
            .notInHistory, .invalidArgument:
            return ErrorResponse(status: 400, message: error.description)
        case .refused(let environment, let artifactID, let intent, _, _):
            return ErrorResponse(
                status: 400,
                message: "cannot release \(intent.errorPhrase(artifactID: artifactID)) to environment '\(environment)' due to branch restriction policy"
            )
        default:
            log("release failed: \(error)")
            return ErrorResponse(status: 500, message: "unknown error")
        }
    }
}
