import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import MoonbaseStore
import Notifications
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
        // The dispatcher starts once the port is bound: without a public URL, the CloudEvents'
        // source is the address actually listened on.
        let (boundPorts, boundPort) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: makeRouter(logger: logger),
            configuration: .init(address: .hostname(host, port: port), serverName: "moonbase"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                boundPort.yield(port)
                boundPort.finish()
                await onReady(host, port)
            },
            logger: logger
        )
        let group = ServiceGroup(
            services: [app, NotificationService(boundPorts: boundPorts, dispatcher: notificationDispatcher(port:))], gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], cancellationSignals: [], logger: logger
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

    /// Delivers the outbox to the configured receivers (with none, it only marks events seen,
    /// so a receiver configured later does not get the past).
    @Sendable func notificationDispatcher(port: Int) -> NotificationDispatcher {
        let settings = home.configuration.notifications
        let http = OutboundHTTP(timeout: settings.requestTimeout)
        return NotificationDispatcher(
            store: home.store, receivers: settings.receivers(http: http),
            source: home.configuration.publicURL ?? "http://\(host):\(port)", schedule: settings.retry, observer: metrics)
    }
}

/// The dispatcher as a service of the server's group: starts when the server listens (on the
/// port `boundPorts` gives) and stops with it.
struct NotificationService: Service {
    let boundPorts: AsyncStream<Int>
    let dispatcher: @Sendable (_ port: Int) -> NotificationDispatcher

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var ports = boundPorts.makeAsyncIterator()
            guard let port = await ports.next() else { return }
            await dispatcher(port).run()
        }
    }
}
