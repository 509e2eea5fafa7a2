import Hummingbird
import ReleaseEngine
import ReleaseModel

extension API {
    /// `POST /release[?wait=false]`: waits for the push, or with `wait=false` answers 202 at
    /// once with the release id to poll at `GET /releases/{id}`.
    func release(_ request: Request, identity: Identity) async throws -> ReleaseResponse {
        let wait = try Self.waitParameter(request)
        let body = try await request.decodeJSON(ReleaseRequest.self)
        let errors = body.validationErrors()
        guard errors.isEmpty else { throw ErrorResponse.invalidInput(errors) }
        let intent = body.intent ?? .releaseArtifact
        let release = ArtifactRelease(
            service: body.service, environment: body.environment, artifactID: body.artifactID, intent: intent,
            actor: identity.actor(committerName: body.committerName, committerEmail: body.committerEmail), reason: body.reason
        )
        do {
            return Self.response(for: try await flow.release(release, wait: wait), of: release)
        } catch {
            throw Self.response(for: error)
        }
    }

    /// `wait` of `POST /release`: true unless `wait=false`.
    static func waitParameter(_ request: Request) throws -> Bool {
        switch request.uri.queryParameters.get("wait") {
        case nil, "true": return true
        case "false": return false
        case let raw?: throw ErrorResponse(status: 400, message: "invalid value '\(raw)' of wait. Must be true or false.")
        }
    }

    /// The status `POST /release` answers a successful request with: 202 when it did not wait.
    static func releaseStatus(_ request: Request) -> HTTPResponse.Status {
        request.uri.queryParameters.get("wait") == "false" ? .accepted : .ok
    }

    /// `GET /releases/{id}`: the state of a release started with `wait=false`.
    func releaseState(context: some RequestContext) async throws -> ReleaseStateResponse {
        let id = context.parameters.get("id") ?? ""
        do {
            guard let state = try await flow.releaseState(id: id) else {
                throw ErrorResponse(status: 404, message: "no release with id '\(id)'")
            }
            return state
        } catch let error as ReleaseError {
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
        case .queued(let id):
            return ReleaseResponse(
                service: release.service, releaseID: id, status: outcome.message, toEnvironment: release.environment, tag: release.artifactID
            )
        }
    }

    /// Spec §1.3's error mapping.
    static func response(for error: ReleaseError) -> ErrorResponse {
        switch error {
        case .artifactNotFound, .unknownEnvironment, .noPreviousEnvironment, .nothingToPromote, .nothingReleased, .noRollbackTarget,
            .notInHistory, .invalidArgument:
            return ErrorResponse(status: 400, message: error.description)
        case .refused:
            // The reference's text, then which restriction refused and why.
            return ErrorResponse(status: 400, message: error.description)
        case .releaseFailed(let id, let message):
            // The writer could not commit and push it, retries included (the remote kept moving,
            // git failed): the reference's 503.
            logger.error("release \(id) failed: \(message)")
            return ErrorResponse(status: 503, message: "could not release right now (release '\(id)': \(message)). Please try again in a moment.")
        case .writerStopped:
            logger.error("release refused: \(error)")
            return ErrorResponse(status: 503, message: error.description)
        default:
            logger.error("release failed: \(error)")
            return ErrorResponse(status: 500, message: "unknown error")
        }
    }
}
