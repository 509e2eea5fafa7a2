import ConfigRepo
import Foundation
import Hummingbird
import MoonbaseStore
import ReleaseEngine
import ReleaseModel

/// The `moonbase serve` HTTP server: the API routes over one ``MoonbaseHome``.
public struct MoonbaseServer: Sendable {
    public let home: MoonbaseHome
    public let host: String
    public let port: Int

    public init(home: MoonbaseHome, host: String = "127.0.0.1", port: Int = 8080) {
        self.home = home
        self.host = host
        self.port = port
    }

    /// Serves until the task is cancelled or the process is signalled; `onReady` gets the
    /// host and the port actually bound (the free port picked for port 0).
    public func run(
        handleSignals: Bool = true, onReady: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) async throws {
        let host = self.host
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(host, port: port), serverName: "moonbase"),
            onServerRunning: { channel in
                await onReady(host, channel.localAddress?.port ?? 0)
            }
        )
        try await app.runService(gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [])
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let api = API(home: home)
        let router = Router()
        router.add(middleware: JSONErrorMiddleware())
        router.get("ping") { _, _ in "pong" }
        router.post("oauth/v1/token") { request, _ in await api.oauthToken(request) }
        router.get("status") { request, _ in
            await api.respond(request, allowed: API.hamctlGroups) { _ in try await api.status(request) }
        }
        router.post("release") { request, _ in
            await api.respond(request, allowed: API.hamctlGroups) { identity in try await api.release(request, identity: identity) }
        }
        return router
    }
}
