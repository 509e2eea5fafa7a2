import Hummingbird
import ReleaseEngine
import ReleaseModel

extension API {
    /// `POST /promote`: releases what runs in the environment before (or `fromEnvironment`).
    func promote(_ request: Request, identity: Identity) async throws -> ReleaseResponse {
        let body = try await request.decodeJSON(PromoteRequest.self)
        let errors = body.validationErrors()
        guard errors.isEmpty else { throw ErrorResponse.invalidInput(errors) }
        do {
            let release = try await PromoteFlow(release: flow, order: EnvironmentOrder(home.configuration.environments)).promotion(
                service: body.service, to: body.environment, from: body.fromEnvironment.isBlankText ? nil : body.fromEnvironment,
                actor: identity.actor(committerName: body.committerName, committerEmail: body.committerEmail), reason: body.reason
            )
            return Self.response(for: try await flow.release(release), of: release)
        } catch {
            throw Self.response(for: error)
        }
    }

    /// `POST /rollback`: goes back to `artifactId`, or `steps` releases back (default one).
    func rollback(_ request: Request, identity: Identity) async throws -> ReleaseResponse {
        let body = try await request.decodeJSON(RollbackRequest.self)
        let errors = body.validationErrors()
        guard errors.isEmpty else { throw ErrorResponse.invalidInput(errors) }
        let target: RollbackTarget = body.artifactID.isBlankText ? .steps(max(body.steps, 1)) : .artifact(body.artifactID)
        do {
            let release = try await RollbackFlow(release: flow).rollbackRelease(
                service: body.service, environment: body.environment, to: target,
                actor: identity.actor(committerName: body.committerName, committerEmail: body.committerEmail), reason: body.reason
            )
            return Self.response(for: try await flow.release(release), of: release)
        } catch {
            throw Self.response(for: error)
        }
    }
}
