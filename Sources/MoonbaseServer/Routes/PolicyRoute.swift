import Hummingbird
import ReleaseEngine
import ReleaseModel

extension API {
    /// `GET /policies?service=S`: 404 with `status` in the body when there are none, as
    /// `hamctl policy list` needs it.
    func listPolicies(_ request: Request) async throws -> ListPoliciesResponse {
        let service = request.uri.queryParameters.get("service") ?? ""
        guard !service.isBlankText else {
            throw ErrorResponse(status: 400, message: "query param service required but was empty")
        }
        try Self.validate(service, as: .service)
        do {
            guard let policies = try await policyFlow.policies(service: service) else {
                throw ErrorResponse(status: 404, message: "no policies exist")
            }
            return ListPoliciesResponse(policies: policies, global: policyFlow.globalBranchRestrictions)
        } catch let error as ReleaseError {
            throw Self.policyResponse(for: error, verb: "list")
        }
    }

    /// `PATCH /policies/auto-release` (answers 201).
    func applyAutoRelease(_ request: Request, identity: Identity) async throws -> ApplyPolicyResponse {
        let body = try await request.decodeJSON(ApplyAutoReleasePolicyRequest.self)
        let errors = body.validationErrors()
        guard errors.isEmpty else { throw ErrorResponse.invalidInput(errors) }
        do {
            let id = try await policyFlow.applyAutoRelease(
                service: body.service, branch: body.branch, environment: body.environment,
                actor: identity.actor(committerName: body.committerName, committerEmail: body.committerEmail)
            )
            return ApplyPolicyResponse(id: id, service: body.service, branch: body.branch, environment: body.environment)
        } catch {
            throw Self.policyResponse(for: error, verb: "apply")
        }
    }

    /// `PATCH /policies/auto-rollback` (answers 201, Moonbase).
    func applyAutoRollback(_ request: Request, identity: Identity) async throws -> ApplyPolicyResponse {
        let body = try await request.decodeJSON(ApplyAutoRollbackPolicyRequest.self)
        let errors = body.validationErrors()
        guard errors.isEmpty else { throw ErrorResponse.invalidInput(errors) }
        do {
            let id = try await policyFlow.applyAutoRollback(
                service: body.service, environment: body.environment,
                actor: identity.actor(committerName: body.committerName, committerEmail: body.committerEmail))
            return ApplyPolicyResponse(id: id, service: body.service, environment: body.environment)
        } catch {
            throw Self.policyResponse(for: error, verb: "apply")
        }
    }

    /// `PATCH /policies/branch-restriction` (answers 201); `"force": true` accepts an
    /// unanchored regex.
    func applyBranchRestriction(_ request: Request, identity: Identity) async throws -> ApplyPolicyResponse {
        let body = try await request.decodeJSON(ApplyBranchRestrictionPolicyRequest.self)
        let errors = body.validationErrors()
        guard errors.isEmpty else { throw ErrorResponse.invalidInput(errors) }
        do {
            let id = try await policyFlow.applyBranchRestriction(
                service: body.service, environment: body.environment, branchRegex: body.branchRegex, force: body.force,
                actor: identity.actor(committerName: body.committerName, committerEmail: body.committerEmail)
            )
            return ApplyPolicyResponse(id: id, service: body.service, environment: body.environment, branchRegex: body.branchRegex)
        } catch {
            throw Self.policyResponse(for: error, verb: "apply")
        }
    }

    /// `DELETE /policies` with a JSON body.
    func deletePolicies(_ request: Request, identity: Identity) async throws -> DeletePolicyResponse {
        let body = try await request.decodeJSON(DeletePolicyRequest.self)
        let errors = body.validationErrors()
        guard errors.isEmpty else { throw ErrorResponse.invalidInput(errors) }
        do {
            let count = try await policyFlow.delete(
                service: body.service, ids: body.cleanedPolicyIDs,
                actor: identity.actor(committerName: body.committerName, committerEmail: body.committerEmail)
            )
            return DeletePolicyResponse(service: body.service, count: count)
        } catch {
            throw Self.policyResponse(for: error, verb: "delete")
        }
    }

    /// Policy errors as the user sees them: a refused policy says why (400); a remote that
    /// kept moving asks to retry (503, the reference's text); the rest is 500.
    static func policyResponse(for error: ReleaseError, verb: String) -> ErrorResponse {
        switch error {
        case .policy:
            return ErrorResponse(status: 400, message: error.description)
        case .repository(.remoteMoved):
            return ErrorResponse(status: 503, message: "could not \(verb) policy right now. Please try again in a moment.")
        case .repository(.invalidName(let name)):
            return ErrorResponse(status: 400, message: name.description)
        default:
            logger.error("policy \(verb) failed: \(error)")
            return ErrorResponse(status: 500, message: "unknown error")
        }
    }
}
