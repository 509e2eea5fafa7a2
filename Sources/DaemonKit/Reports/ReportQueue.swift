import Foundation
import Logging
import MoonbaseClient
import ReleaseModel

/// One report for the server, and the route it goes to.
public enum DaemonReport: Sendable, Equatable {
    case deployed(DeployEvent)
    case rollout(RolloutEvent)
    case podError(PodErrorEvent)
    case jobError(JobErrorEvent)
    case kustomization(KustomizationEvent)
    case flux(FluxEvent)

    public var path: String {
        switch self {
        case .deployed: "/webhook/daemon/k8s/deploy"
        case .rollout: "/webhook/daemon/k8s/rollout"
        case .podError: "/webhook/daemon/k8s/error"
        case .jobError: "/webhook/daemon/k8s/joberror"
        case .kustomization: "/webhook/daemon/flux/kustomization"
        case .flux: "/webhook/daemon/flux/event"
        }
    }

    /// What the report is about, for logs.
    var subject: String {
        switch self {
        case .deployed(let event): "\(event.resourceType) \(event.namespace)/\(event.name) \(event.artifactID)"
        case .rollout(let event): "\(event.resourceType) \(event.namespace)/\(event.name) \(event.artifactID) \(event.state.rawValue)"
        case .podError(let event): "pod \(event.namespace)/\(event.podName)"
        case .jobError(let event): "job \(event.namespace)/\(event.jobName)"
        case .kustomization(let event): "kustomization \(event.namespace)/\(event.name) \(event.lastAppliedRevision)"
        case .flux(let event): "flux \(event.involvedObject.kind ?? "") \(event.involvedObject.namespace ?? "")/\(event.involvedObject.name ?? "")"
        }
    }

    var body: any Encodable & Sendable {
        switch self {
        case .deployed(let event): event
        case .rollout(let event): event
        case .podError(let event): event
        case .jobError(let event): event
        case .kustomization(let event): event
        case .flux(let event): event
        }
    }
}

/// How the daemon proves who it is to the server.
public enum DaemonCredentials: Sendable {
    /// A static token of the daemon group (`--auth-token`, `DAEMON_AUTH_TOKEN`).
    case token(String)
    /// OAuth 2 client credentials against the server's token endpoint, as the reference daemon.
    case clientCredentials(OAuthClientCredentials)
}

/// The reports on their way to the server: a bounded buffer (the oldest report is dropped,
/// and counted, when the server has been away for long enough to fill it), sent in order by
/// one task, each tried again with backoff until the server takes it. ``enqueue(_:)`` never
/// waits, so the watches never block on the server.
public final class ReportQueue: Sendable {
    private let continuation: AsyncStream<DaemonReport>.Continuation
    private let reports: AsyncStream<DaemonReport>
    private let counters = Counters()
    let client: MoonbaseClient
    let credentials: DaemonCredentials
    let backoff: Backoff
    let logger: Logger

    public init(client: MoonbaseClient, credentials: DaemonCredentials, capacity: Int = 10_000, backoff: Backoff = Backoff(), logger: Logger) {
        (reports, continuation) = AsyncStream.makeStream(of: DaemonReport.self, bufferingPolicy: .bufferingNewest(capacity))
        self.client = client
        self.credentials = credentials
        self.backoff = backoff
        self.logger = logger
    }

    public func enqueue(_ report: DaemonReport) {
        if case .dropped(let oldest) = continuation.yield(report) {
            counters.dropped()
            logger.error("report queue full: the oldest report is dropped", metadata: ["report": "\(oldest.subject)"])
        }
    }

    /// Sent, refused and dropped so far.
    public var statistics: (sent: Int, refused: Int, dropped: Int) { counters.values }

    /// Sends reports until the task is cancelled.
    public func run() async {
        var token: String?
        for await report in reports {
            var failures = 0
            while !Task.isCancelled {
                if token == nil {
                    do {
                        token = try await accessToken()
                    } catch {
                        // Wrong credentials or an identity provider away: retried, never a
                        // reason to drop the report.
                        failures += 1
                        let delay = backoff.delay(afterFailures: failures)
                        logger.error("could not get an access token, trying again", metadata: ["error": "\(error)", "retryIn": "\(delay)"])
                        try? await Task.sleep(for: delay)
                        continue
                    }
                }
                do {
                    var authorized = client
                    authorized.token = token
                    _ = try await authorized.call(.POST, report.path, body: AnyReport(report), as: IgnoredAnswer.self, idempotent: true)
                    counters.sent()
                    logger.debug("reported", metadata: ["report": "\(report.subject)"])
                    break
                } catch {
                    if error.kind == .unauthorized, case .clientCredentials = credentials { token = nil }
                    // The server read the report and refuses it: sending it again changes nothing.
                    if error.kind == .refused, let status = error.status, (400..<500).contains(status), status != 429, status != 408 {
                        counters.refused()
                        logger.error("the server refused a report", metadata: ["report": "\(report.subject)", "error": "\(error)"])
                        break
                    }
                    failures += 1
                    let delay = backoff.delay(afterFailures: failures)
                    logger.warning(
                        "the server did not take a report, trying again",
                        metadata: ["report": "\(report.subject)", "error": "\(error)", "retryIn": "\(delay)"])
                    try? await Task.sleep(for: delay)
                }
            }
            if Task.isCancelled { return }
        }
    }

    public func finish() {
        continuation.finish()
    }

    private func accessToken() async throws(ClientError) -> String {
        switch credentials {
        case .token(let token): token
        case .clientCredentials(let grant): try await grant.token(using: client)
        }
    }

    /// The server answers `{}`; anything that decodes as JSON will do.
    private struct IgnoredAnswer: Decodable {}

    private struct AnyReport: Encodable, Sendable {
        let report: DaemonReport

        init(_ report: DaemonReport) { self.report = report }

        func encode(to encoder: any Encoder) throws {
            try report.body.encode(to: encoder)
        }
    }

    private final class Counters: @unchecked Sendable {
        private let lock = NSLock()
        private var counts = (sent: 0, refused: 0, dropped: 0)

        func sent() { lock.withLock { counts.sent += 1 } }
        func refused() { lock.withLock { counts.refused += 1 } }
        func dropped() { lock.withLock { counts.dropped += 1 } }
        var values: (sent: Int, refused: Int, dropped: Int) { lock.withLock { counts } }
    }
}
