import Foundation
import MoonbaseStore
@testable import Portal
import ReleaseModel
import Testing

/// The DORA measures over production's releases.
@Suite struct DeliveryMetricsTests {
    static let day: TimeInterval = 86400
    static let start = Date(timeIntervalSince1970: 1_790_000_000 - 1_790_000_000.truncatingRemainder(dividingBy: 86400))

    static func release(_ service: String, _ artifact: String, at offset: TimeInterval, intent: Intent = .releaseArtifact, ciStartedBefore: TimeInterval? = nil) -> Deployment {
        let at = start.addingTimeInterval(offset)
        let event = ReleaseEvent(
            service: service, environment: "prod", namespace: "prod", artifactID: artifact, intent: intent,
            releasedBy: Person(name: "a", email: "a@example.com"), state: .released, requestedAt: at, finishedAt: at)
        let summary = ciStartedBefore.map {
            ArtifactSummary(service: service, id: artifact, branch: "master", commit: "c", planURL: "", planSHA: "",
                            criticalVulnerabilities: 0, ciStartedAt: at.addingTimeInterval(-$0), uploadedAt: at)
        }
        return Deployment(release: event, artifact: summary)
    }

    @Test func measuresFrequencyLeadTimeFailureRateAndRestore() {
        let releases = [
            Self.release("pay", "a1", at: 3600, ciStartedBefore: 3600),
            Self.release("pay", "a2", at: Self.day + 3600, ciStartedBefore: 7200),
            // a2 broke: rolled back 30 minutes later.
            Self.release("pay", "a1", at: Self.day + 5400, intent: .rollback(previousArtifactID: "a2")),
            Self.release("ledger", "l1", at: 2 * Self.day, ciStartedBefore: 10800),
            // Outside the window: not counted.
            Self.release("ledger", "l0", at: -Self.day, ciStartedBefore: 60),
        ]
        let window = DateInterval(start: Self.start, duration: 4 * Self.day)
        let metrics = DeliveryMetrics.measure(releases, window: window)
        #expect(metrics.deployments == 3)
        #expect(metrics.rollbacks == 1)
        #expect(metrics.deploymentsPerDay == 0.75)
        #expect(metrics.leadTime == 7200)
        #expect(metrics.failedDeployments == 1)
        #expect(metrics.changeFailureRate == 1.0 / 3.0)
        #expect(metrics.timeToRestore == 1800)
        #expect(metrics.days.map(\.deployments) == [1, 1, 1, 0])
        #expect(metrics.days.map(\.rollbacks) == [0, 1, 0, 0])
    }

    @Test func anEmptyWindowHasNoRatesButItsDays() {
        let window = DateInterval(start: Self.start, duration: 7 * Self.day)
        let metrics = DeliveryMetrics.measure([], window: window)
        #expect(metrics.deployments == 0)
        #expect(metrics.changeFailureRate == nil)
        #expect(metrics.leadTime == nil)
        #expect(metrics.timeToRestore == nil)
        #expect(metrics.days.count == 7)
    }
}
