import Hummingbird
import Logging
import MoonbaseStore
import ReleaseModel

extension MoonbaseServer {
    /// Every route, in one pipeline: the request log and metrics around everything; errors
    /// answered as JSON (the portal's as HTML); each API route in the group of the client
    /// groups it accepts, whose middleware authenticates before the handler runs.
    func makeRouter(logger: Logger = API.logger) -> Router<MoonbaseRequestContext> {
        let api = API(home: home)
        let router = Router(context: MoonbaseRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: APIErrorMiddleware(logger: logger))
        addPublicRoutes(to: router, api: api)
        addHamctlRoutes(to: authenticated(router, api: api, API.hamctlGroups), api: api)
        addClientRoutes(router, api: api)
        PortalRoutes(api: api, renderer: renderer).add(to: router, logger: logger)
        return router
    }

    private func authenticated(_ router: Router<MoonbaseRequestContext>, api: API, _ groups: Set<ClientGroup>) -> RouterGroup<MoonbaseRequestContext> {
        router.group().add(middleware: AuthenticationMiddleware(authenticator: api.authenticator, allowed: groups))
    }

    /// Routes that authenticate otherwise or not at all (see RouteAuthenticationTests).
    private func addPublicRoutes(to router: Router<MoonbaseRequestContext>, api: API) {
        router.get("ping") { _, _ in "pong" }
        router.post("oauth/v1/token") { request, _ in try await api.oauthToken(request) }
        router.get("openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_yaml))
            )
        }
        router.get("metrics") { [metrics] _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition()))
            )
        }
        router.post("webhook/github") { request, _ in
            try await api.githubWebhook(request)
            return try GoJSONResponse(EmptyResponse())
        }
        // The signed upload URL is the credential.
        router.put("artifacts/upload/:capability") { request, context in
            try await api.uploadArtifact(request, capability: context.parameters.get("capability") ?? "")
            return try GoJSONResponse(EmptyResponse())
        }
    }

    /// hamctl's routes (and the admin's): status, releases, policies, describe.
    private func addHamctlRoutes(to group: RouterGroup<MoonbaseRequestContext>, api: API) {
        group.get("status") { request, _ in try GoJSONResponse(await api.status(request)) }
        group.get("cluster/state") { request, context in try GoJSONResponse(await api.clusterState(request, context: context)) }
        group.get("cluster/events") { request, context in try GoJSONResponse(await api.clusterEvents(request, context: context)) }
        group.get("status/environments/:environment") { request, context in
            try GoJSONResponse(await api.environmentStatus(request, context: context))
        }
        group.post("release") { request, context in
            try GoJSONResponse(await api.release(request, identity: context.caller()), status: API.releaseStatus(request))
        }
        group.get("releases/:id") { _, context in try GoJSONResponse(await api.releaseState(context: context)) }
        group.post("promote") { request, context in try GoJSONResponse(await api.promote(request, identity: context.caller())) }
        group.post("rollback") { request, context in try GoJSONResponse(await api.rollback(request, identity: context.caller())) }
        for path in ["policies", "policies/**"] {
            group.get(RouterPath(path)) { request, _ in try GoJSONResponse(await api.listPolicies(request)) }
        }
        group.patch("policies/auto-release") { request, context in
            try GoJSONResponse(await api.applyAutoRelease(request, identity: context.caller()), status: .created)
        }
        group.patch("policies/auto-rollback") { request, context in
            try GoJSONResponse(await api.applyAutoRollback(request, identity: context.caller()), status: .created)
        }
        group.patch("policies/branch-restriction") { request, context in
            try GoJSONResponse(await api.applyBranchRestriction(request, identity: context.caller()), status: .created)
        }
        group.delete("policies") { request, context in try GoJSONResponse(await api.deletePolicies(request, identity: context.caller())) }
        group.get("describe/release/:service/:environment") { request, context in
            try GoJSONResponse(await api.describeRelease(request, context: context))
        }
        group.get("describe/artifact/:service") { request, context in
            try GoJSONResponse(await api.describeArtifacts(request, service: context.parameters.get("service") ?? ""))
        }
        group.get("describe/latest-artifact/:service") { request, context in
            try GoJSONResponse(await api.describeLatestArtifact(request, service: context.parameters.get("service") ?? ""))
        }
    }

    /// The routes of the other clients: the pipeline's artifact uploads, the cluster daemon's
    /// reports, and who-am-I for every group.
    private func addClientRoutes(_ router: Router<MoonbaseRequestContext>, api: API) {
        authenticated(router, api: api, Set(ClientGroup.allCases)).get("whoami") { _, context in
            let identity = try context.caller()
            return try GoJSONResponse(WhoAmIResponse(name: identity.name, group: identity.group.rawValue))
        }
        authenticated(router, api: api, API.artifactGroups).post("artifacts/create") { request, _ in
            try GoJSONResponse(await api.createArtifact(request), status: .created)
        }
        let daemon = authenticated(router, api: api, API.daemonGroups)
        let cluster = api.cluster
        daemon.post("webhook/daemon/k8s/deploy") { request, _ in
            try GoJSONResponse(await api.daemonReport(DeployEvent.self, request) { try await api.react(to: cluster.record($0)) })
        }
        daemon.post("webhook/daemon/k8s/rollout") { request, _ in
            try GoJSONResponse(await api.daemonReport(RolloutEvent.self, request) { try await api.react(to: cluster.record($0)) })
        }
        daemon.post("webhook/daemon/k8s/error") { request, _ in
            try GoJSONResponse(await api.daemonReport(PodErrorEvent.self, request) { try await api.react(to: cluster.record($0)) })
        }
        daemon.post("webhook/daemon/k8s/joberror") { request, _ in
            try GoJSONResponse(await api.daemonReport(JobErrorEvent.self, request) { try await api.react(to: cluster.record($0)) })
        }
        daemon.post("webhook/daemon/flux/kustomization") { request, _ in
            try GoJSONResponse(await api.daemonReport(KustomizationEvent.self, request) { try await cluster.record($0) })
        }
        daemon.post("webhook/daemon/flux/event") { request, _ in
            try GoJSONResponse(await api.daemonReport(FluxEvent.self, request) { try await cluster.record($0) })
        }
    }
}
