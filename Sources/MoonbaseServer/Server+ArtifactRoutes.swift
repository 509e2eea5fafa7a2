import Hummingbird
import ReleaseModel

extension MoonbaseServer {
    /// Artifact upload and describe routes, promote and rollback.
    func addArtifactRoutes(to router: Router<BasicRequestContext>, api: API) {
        router.post("artifacts/create") { request, _ in
            await api.respond(request, allowed: API.artifactGroups, status: .created) { _ in try await api.createArtifact(request) }
        }
        router.put("artifacts/upload/:capability") { request, context in
            await api.uploadArtifact(request, capability: context.parameters.get("capability") ?? "")
        }
        router.get("describe/artifact/:service") { request, context in
            await api.respond(request, allowed: API.hamctlGroups) { _ in
                try await api.describeArtifacts(request, service: context.parameters.get("service") ?? "")
            }
        }
        router.get("describe/latest-artifact/:service") { request, context in
            await api.respond(request, allowed: API.hamctlGroups) { _ in
                try await api.describeLatestArtifact(request, service: context.parameters.get("service") ?? "")
            }
        }
        router.post("promote") { request, _ in
            await api.respond(request, allowed: API.hamctlGroups) { identity in try await api.promote(request, identity: identity) }
        }
        router.post("rollback") { request, _ in
            await api.respond(request, allowed: API.hamctlGroups) { identity in try await api.rollback(request, identity: identity) }
        }
    }
}
