import Foundation
import MoonbaseStore
@testable import Portal
import Testing

/// The DORA measures over production's releases.
@Suite struct DeliveryMetricsTests {
    static let day: TimeInterval = 86400
    static let start = Date(timeIntervalSince1970: 1_790_000_000 - 1_790_000_000.truncatingRemainder(dividingBy: 86400))

    static func release(_ service: String, _ artifact: String, at offset: TimeInterval, rollback: Bool = false, ciStartedBefore: TimeInterval? = nil) -> DeliveryRecord {
        let at = start.addingTimeInterval(offset)
        return DeliveryRecord(
            service: service, releasedAt: at, isRollback: rollback,
            ciStartedAt: ciStartedBefore.map { at.addingTimeInterval(-$0) })
    }

    @Test func measuresFrequencyLeadTimeFailureRateAndRestore() {
        let releases = [
            Self.release("pay", "a1", at: 3600, ciStartedBefore: 3600),
            Self.release("pay", "a2", at: Self.day + 3600, ciStartedBefore: 7200),
            // a2 broke: rolled back 30 minutes later.
            Self.release("pay", "a1", at: Self.day + 5400, rollback: true),
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
