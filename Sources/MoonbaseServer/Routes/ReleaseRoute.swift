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
            switch try await flow.release(release) {
            case .upToDate(let environment):
                return .alreadyReleased(service: body.service, environment: environment)
            case .released(_, let commit):
                return ReleaseResponse(
                    service: body.service, releaseID: body.artifactID, toEnvironment: body.environment, tag: body.artifactID, commit: commit
                )
            case .queued:
                return ReleaseResponse(service: body.service, releaseID: body.artifactID, toEnvironment: body.environment, tag: body.artifactID)
            }
        } catch {
            throw Self.response(for: error)
        }
    }

    /// Spec §1.3's error mapping.
    static func response(for error: ReleaseError) -> ErrorResponse {
        switch error {
        case .artifactNotFound, .unknownEnvironment:
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
