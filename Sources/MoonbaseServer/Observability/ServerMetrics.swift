import Foundation
import MoonbaseStore
import Notifications
import Prometheus
import ReleaseEngine
import ReleaseModel

/// The server's Prometheus metrics, served at `GET /metrics` in the text exposition format.
///
/// One registry per server (not swift-metrics' process-wide bootstrap), so that several servers
/// in one process, as in the tests, each count their own.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        .seconds(30),
    ]

    /// One HTTP request answered; `route` is the matched route pattern (`/describe/release/{service}/{environment}`),
    /// never the raw path, so the label set stays small.
    func requestAnswered(method: String, route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: .init(namespace: "moonbase", metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered"),
            labels: [("method", method), ("route", route), ("status", "\(status)")]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "moonbase", metricName: "http_request_duration", unitName: "seconds", helpText: "Time to answer an HTTP request"),
            labels: [("method", method), ("route", route)],
            buckets: Self.durationBuckets
        ).record(duration)
    }

    /// The exposition text.
    func exposition() -> String {
        registry.emitToString()
    }
}

extension ServerMetrics: ReleaseQueueObserver {
    func releaseFinished(_ release: QueuedRelease, state: ReleaseEvent.State, latency: Duration) {
        registry.makeCounter(
            descriptor: .init(namespace: "moonbase", metricName: "releases", unitName: "total", helpText: "Releases through the queue by outcome"),
            labels: [
                ("environment", release.environment), ("service", release.service), ("intent", release.intent.type),
                ("outcome", state.rawValue),
            ]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "moonbase", metricName: "release_duration", unitName: "seconds",
                helpText: "From a release's request to its outcome (pushed, found up to date, failed)"
            ),
            labels: [("outcome", state.rawValue)],
            buckets: Self.durationBuckets
        ).record(latency)
    }

    func queueOperationFailed(_ operation: ReleaseQueueOperation) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "moonbase", metricName: "release_queue_errors", unitName: "total",
                helpText: "Release queue bookkeeping that failed (logged with the release id)"
            ),
            labels: [("operation", operation.rawValue)]
        ).increment()
    }

    func pushFinished(releases: Int, succeeded: Bool, duration: Duration) {
        let outcome = succeeded ? "success" : "error"
        registry.makeCounter(
            descriptor: .init(namespace: "moonbase", metricName: "pushes", unitName: "total", helpText: "Pushes to the config repository"),
            labels: [("outcome", outcome)]
        ).increment()
        registry.makeCounter(
            descriptor: .init(namespace: "moonbase", metricName: "pushed_releases", unitName: "total", helpText: "Release commits in pushes"),
            labels: [("outcome", outcome)]
        ).increment(by: Int64(releases))
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "moonbase", metricName: "push_duration", unitName: "seconds", helpText: "Time to push a batch of release commits"),
            labels: [("outcome", outcome)],
            buckets: Self.durationBuckets
        ).record(duration)
    }
}

extension ServerMetrics: NotificationObserver {
    func notificationDelivered(receiver: String, latency: TimeInterval, delay: TimeInterval) {
        registry.makeCounter(
            descriptor: .init(namespace: "moonbase", metricName: "notifications_delivered", unitName: "total", helpText: "Notifications delivered, by receiver"),
            labels: [("receiver", receiver)]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "moonbase", metricName: "notification_request_duration", unitName: "seconds",
                helpText: "Time the receiver took to answer a successful delivery"),
            labels: [("receiver", receiver)], buckets: Self.durationBuckets
        ).record(.seconds(latency))
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "moonbase", metricName: "notification_delay", unitName: "seconds",
                helpText: "From the event to its delivery, retries included"),
            labels: [("receiver", receiver)], buckets: Self.durationBuckets + [.seconds(60), .seconds(600), .seconds(3600)]
        ).record(.seconds(delay))
    }

    func notificationFailed(receiver: String, dead: Bool) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "moonbase", metricName: "notification_failures", unitName: "total",
                helpText: "Failed delivery attempts, by receiver and whether the delivery was given up (dead-lettered)"),
            labels: [("receiver", receiver), ("dead", dead ? "true" : "false")]
        ).increment()
    }
}
