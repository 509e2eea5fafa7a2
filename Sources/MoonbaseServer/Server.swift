import ConfigRepo
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import MoonbaseStore
import Portal
import ReleaseEngine
import ReleaseModel

/// The `moonbase serve` HTTP server: the API routes over one ``MoonbaseHome``.
public struct MoonbaseServer: Sendable {
    public let home: MoonbaseHome
    public let host: String
    public let port: Int

    let metrics = ServerMetrics()
    /// The portal's templates, parsed once.
    let renderer: PortalRenderer

    public init(home: MoonbaseHome, host: String = "127.0.0.1", port: Int = 8080) throws {
        self.home = home
        renderer = try PortalRenderer()
        self.host = host
        self.port = port
    }

    /// Serves until the process is signalled (SIGTERM, SIGINT) or the calling task is
    /// cancelled; either shuts down gracefully: in-flight requests finish, then `run` returns.
    /// `onReady` gets the host and the port actually bound (the free port picked for port 0).
    public func run(
        handleSignals: Bool = true, onReady: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) async throws {
        let host = self.host
        let logger = API.logger
        await home.queue.observe(with: metrics)
        let app = Application(
            router: makeRouter(logger: logger),
            configuration: .init(address: .hostname(host, port: port), serverName: "moonbase"),
            onServerRunning: { channel in
                await onReady(host, channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
        let group = ServiceGroup(
            services: [app], gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], cancellationSignals: [], logger: logger
        )
        // Cancellation is turned into a graceful shutdown: the group runs in a task of its own
        // so that the cancellation does not reach the server's channels directly.
        let serving = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await serving.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }

    func makeRouter(logger: Logger = API.logger) -> Router<BasicRequestContext> {
        let api = API(home: home)
        let portal = PortalRoutes(api: api, renderer: renderer)
        let router = Router()
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: JSONErrorMiddleware())
        router.get("ping") { _, _ in "pong" }
        router.post("oauth/v1/token") { request, _ in await api.oauthToken(request) }
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
        router.get("whoami") { request, _ in
            await api.respond(request, allowed: Set(ClientGroup.allCases)) { identity in
                WhoAmIResponse(name: identity.name, group: identity.group.rawValue)
            }
        }
        router.get("status") { request, _ in
            await api.respond(request, allowed: API.hamctlGroups) { _ in try await api.status(request) }
        }
        router.post("release") { request, _ in
            await api.respond(request, allowed: API.hamctlGroups, status: API.releaseStatus(request)) { identity in
                try await api.release(request, identity: identity)
            }
        }
        router.post("webhook/github") { request, _ in await api.githubWebhook(request) }
        router.post("webhook/daemon/k8s/deploy") { request, _ in
            await api.respond(request, allowed: API.daemonGroups) { identity in
                try await api.daemonReport(DeployEvent.self, action: "cluster.deployed", request, identity: identity)
            }
        }
        router.post("webhook/daemon/k8s/error") { request, _ in
            await api.respond(request, allowed: API.daemonGroups) { identity in
                try await api.daemonReport(PodErrorEvent.self, action: "cluster.pod-error", request, identity: identity)
            }
        }
        router.post("webhook/daemon/k8s/joberror") { request, _ in
            await api.respond(request, allowed: API.daemonGroups) { identity in
                try await api.daemonReport(JobErrorEvent.self, action: "cluster.job-error", request, identity: identity)
            }
        }
        addPolicyAndHistoryRoutes(to: router, api: api)
        addArtifactRoutes(to: router, api: api)
        portal.add(to: router)
        return router
    }

    /// Policies, describe release, status by environment and release polling.
    private func addPolicyAndHistoryRoutes(to router: Router<BasicRequestContext>, api: API) {
        for path in ["policies", "policies/**"] {
            router.get(RouterPath(path)) { request, _ in
                await api.respond(request, allowed: API.hamctlGroups) { _ in try await api.listPolicies(request) }
            }
        }
        router.patch("policies/auto-release") { request, _ in
            await api.respond(request, allowed: API.hamctlGroups, status: .created) { identity in
                try await api.applyAutoRelease(request, identity: identity)
            }
        }
        router.patch("policies/branch-restriction") { request, _ in
            await api.respond(request, allowed: API.hamctlGroups, status: .created) { identity in
                try await api.applyBranchRestriction(request, identity: identity)
            }
        }
        router.delete("policies") { request, _ in
            await api.respond(request, allowed: API.hamctlGroups) { identity in try await api.deletePolicies(request, identity: identity) }
        }
        router.get("describe/release/:service/:environment") { request, context in
            await api.respond(request, allowed: API.hamctlGroups) { _ in try await api.describeRelease(request, context: context) }
        }
        router.get("status/environments/:environment") { request, context in
            await api.respond(request, allowed: API.hamctlGroups) { _ in try await api.environmentStatus(request, context: context) }
        }
        router.get("releases/:id") { request, context in
            await api.respond(request, allowed: API.hamctlGroups) { _ in try await api.releaseState(context: context) }
        }
    }
}
