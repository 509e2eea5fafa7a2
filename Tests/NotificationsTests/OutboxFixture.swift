import Foundation
import MoonbaseStore
import Notifications
import ReleaseModel
import SQLiteStore
import TestSupport

/// A store with an outbox and a dispatcher over it, for the receivers under test.
struct OutboxFixture {
    let folder: TemporaryDirectory
    let store: SQLiteStore

    init() throws {
        folder = try TemporaryDirectory("moonbase-notifications")
        store = try SQLiteStore(path: folder.path + "/moonbase.sqlite")
    }

    /// Writes `events` into the outbox as a write of the store does (with an audit entry).
    func write(_ events: [OutboxEvent]) async throws {
        try await store.recordAudit(NewAuditEntry(actor: "test", action: "test.notify"), notifying: events)
    }

    /// Fast retries, so tests of failing receivers take a moment.
    static let quickRetries = RetrySchedule(firstDelay: 0.05, maximumDelay: 0.2, retryFor: 60)

    func dispatcher(_ receivers: [any NotificationReceiver], schedule: RetrySchedule = quickRetries) -> NotificationDispatcher {
        NotificationDispatcher(
            store: store, receivers: receivers, source: "https://moonbase.example.com", schedule: schedule, pollInterval: .milliseconds(20))
    }

    /// Runs `dispatcher` while `body` runs.
    func running<T>(_ dispatcher: NotificationDispatcher, _ body: () async throws -> T) async throws -> T {
        let task = Task { await dispatcher.run() }
        defer { task.cancel() }
        return try await body()
    }

    /// Waits until `receiver` has no pending delivery left.
    func waitUntilSettled(_ receiver: String, timeout: Duration = .seconds(20)) async throws -> [NotificationDelivery] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let deliveries = try await store.deliveries(DeliveryFilter(receiver: receiver), limit: 1000, offset: 0)
            let waiting = try await store.eventsAwaitingFanOut(limit: 1)
            if !deliveries.isEmpty, waiting.isEmpty, deliveries.allSatisfy({ $0.state != .pending }) { return deliveries.reversed() }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FakeReceiverError(message: "deliveries to \(receiver) still pending after \(timeout): \(try await store.deliveries(DeliveryFilter(receiver: receiver), limit: 20, offset: 0).map { "\($0.id) \($0.state) \($0.answer)" })")
    }

    static let author = Person(name: "Jane Doe", email: "jane@lunar.app")

    static func artifact(id: String = "master-1234abcd-1", sha: String = "1234abcd5678ef901234abcd5678ef9012345678") -> NotificationData.Artifact {
        NotificationData.Artifact(
            id: id, branch: "master", sha: sha, message: "Add the payment reminder", author: author, committer: author,
            repositoryURL: "https://github.com/lunarway/payments", provider: "github",
            commitURL: "https://github.com/lunarway/payments/commit/\(sha)")
    }

    static func released(
        environment: String = "prod", releaseID: String = UUID().uuidString.lowercased(), artifact: NotificationData.Artifact = artifact(),
        at: Date = Date()
    ) -> OutboxEvent {
        OutboxEvent(
            id: "\(releaseID).released", type: .released, time: at,
            data: NotificationData(
                service: "payments", environment: environment, namespace: environment, squad: "money", artifact: artifact,
                release: NotificationData.Release(
                    id: releaseID, intent: .releaseArtifact, releasedBy: Person(name: "Bob Builder", email: "bob@lunar.app"), reason: nil,
                    commit: "abcdef0123456789abcdef0123456789abcdef01")))
    }

    static func rollout(_ type: NotificationType, environment: String = "prod", releaseID: String, artifact: NotificationData.Artifact = artifact()) -> OutboxEvent {
        OutboxEvent(
            type: type, time: Date(),
            data: NotificationData(
                service: "payments", environment: environment, namespace: environment, squad: "money", artifact: artifact,
                release: NotificationData.Release(
                    id: releaseID, intent: .releaseArtifact, releasedBy: Person(name: "Bob Builder", email: "bob@lunar.app"), reason: nil,
                    commit: nil),
                message: type == .rolloutFailed ? "back-off restarting failed container" : nil,
                workload: NotificationData.Workload(
                    kind: "Deployment", name: "payments", availablePods: type == .rolloutSucceeded ? 3 : 0, desiredPods: 3,
                    reason: type == .rolloutFailed ? "CrashLoopBackOff" : nil)))
    }
}
