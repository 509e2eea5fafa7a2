import Foundation
import GoCompat
import Hummingbird
import Logging
import MoonbaseClient
import ReleaseModel
import ServiceLifecycle

/// The daemon next to one cluster: the watches (``ClusterWatcher``), the queue of reports to
/// the server (``ReportQueue``) and a small HTTP endpoint for Flux and for probes:
///
/// - `POST /webhook/flux2-alerts`: a Flux notification-controller event (a `Provider` of type
///   `generic` pointing here), forwarded to the server;
/// - `GET /healthz`: the process is up; `GET /readyz`: every watch has listed once.
public struct Daemon: Sendable {
    public struct Options: Sendable {
        public var environment: String
        public var connection: KubernetesConnection
        public var server: MoonbaseClient
        public var credentials: DaemonCredentials
        public var crashReportModulo: Int
        public var listenHost: String
        public var listenPort: Int
        public var queueCapacity: Int
        public var watchTimeout: ClosedRange<Int>
        public var backoff: Backoff

        public init(
            environment: String, connection: KubernetesConnection, server: MoonbaseClient, credentials: DaemonCredentials,
            crashReportModulo: Int = 5, listenHost: String = "0.0.0.0", listenPort: Int = 3001, queueCapacity: Int = 10_000,
            watchTimeout: ClosedRange<Int> = 300...600, backoff: Backoff = Backoff()
        ) {
            self.environment = environment
            self.connection = connection
            self.server = server
            self.credentials = credentials
            self.crashReportModulo = crashReportModulo
            self.listenHost = listenHost
            self.listenPort = listenPort
            self.queueCapacity = queueCapacity
            self.watchTimeout = watchTimeout
            self.backoff = backoff
        }
    }

    public var options: Options
    public var logger: Logger

    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Runs until SIGTERM or SIGINT (when `handleSignals`) or until the task is cancelled.
    /// `onReady` gets the port the endpoint listens on.
    public func run(handleSignals: Bool = true, onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let kubernetes = try KubernetesClient(connection: options.connection)
        let queue = ReportQueue(
            client: options.server, credentials: options.credentials, capacity: options.queueCapacity, backoff: options.backoff,
            logger: logger)
        let watcher = ClusterWatcher(
            environment: options.environment, client: kubernetes, crashReportModulo: options.crashReportModulo, logger: logger,
            report: queue.enqueue)
        logger.info(
            "daemon starting",
            metadata: ["environment": "\(options.environment)", "kubernetes": "\(options.connection)", "server": "\(options.server.baseURL)"])
        let app = Application(
            router: Self.router(watcher: watcher, logger: logger),
            configuration: .init(address: .hostname(options.listenHost, port: options.listenPort), serverName: "moonbase-daemon"),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? 0) },
            logger: logger)
        let watchTimeout = options.watchTimeout, backoff = options.backoff
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: app),
                    .init(service: BackgroundWork { await queue.run() }),
                    .init(service: BackgroundWork { await watcher.run(watchTimeout: watchTimeout, backoff: backoff) }),
                ],
                gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], logger: logger))
        let running = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await running.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
        queue.finish()
        await kubernetes.shutdown()
    }

    static func router(watcher: ClusterWatcher, logger: Logger) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("webhook/flux2-alerts") { request, context -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            do {
                let event = try JSONDecoder().decode(FluxEvent.self, from: Data(buffer: body))
                logger.info(
                    "flux event",
                    metadata: [
                        "object": "\(event.involvedObject.kind ?? "") \(event.involvedObject.namespace ?? "")/\(event.involvedObject.name ?? "")",
                        "severity": "\(event.severity)", "reason": "\(event.reason)",
                    ])
                await watcher.forward(event)
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{}")))
            } catch {
                let message = "the body is not a Flux event (involvedObject, severity, timestamp, message, reason, reportingController): \(error)"
                let json = JSONValue.object([.init("status", .number("400")), .init("message", .string(message))]).goCompact()
                return Response(status: .badRequest, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
            }
        }
        router.get("healthz") { _, _ in "ok" }
        router.get("readyz") { _, _ -> Response in
            let ready = await watcher.isSynced
            return Response(status: ready ? .ok : .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: ready ? "ok" : "listing")))
        }
        return router
    }
}

/// A long-running task as a service of the group: cancelled on shutdown.
struct BackgroundWork: Service {
    let work: @Sendable () async -> Void

    init(_ work: @escaping @Sendable () async -> Void) { self.work = work }

    func run() async throws {
        await cancelWhenGracefulShutdown { await work() }
    }
}
