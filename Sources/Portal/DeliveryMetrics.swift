import Foundation
import MoonbaseStore

/// The four DORA measures of delivery, over production's releases in a time window.
///
/// - Deployment frequency: releases to production (rollbacks not counted) per day.
/// - Lead time for changes: from when CI started building the commit (artifact.json's
///   `ci.start`, the closest the platform knows to the commit's time) to its release to
///   production; the median.
/// - Change failure rate: the share of those releases that the next release of the same
///   service rolled back.
/// - Time to restore: from a release that was rolled back to its rollback; the median.
public struct DeliveryMetrics: Sendable, Equatable {
    public struct Day: Sendable, Equatable {
        public var start: Date
        public var deployments: Int
        public var rollbacks: Int
        /// The median lead time of the day's releases, if any had a known CI start.
        public var leadTime: TimeInterval?
    }

    public var window: DateInterval
    public var deployments: Int
    public var rollbacks: Int
    public var failedDeployments: Int
    public var leadTime: TimeInterval?
    public var timeToRestore: TimeInterval?
    public var days: [Day]

    public var deploymentsPerDay: Double {
        let days = max(1, window.duration / 86400)
        return Double(deployments) / days
    }

    /// Failed deployments over deployments; nil without deployments.
    public var changeFailureRate: Double? {
        deployments == 0 ? nil : Double(failedDeployments) / Double(deployments)
    }

    /// Measures `releases` (production's released events, in any order); only those inside
    /// `window` count.
    public static func measure(_ releases: [DeliveryRecord], window: DateInterval) -> DeliveryMetrics {
        let calendar = Calendar.utc
        let inWindow = releases.filter { window.contains($0.releasedAt) && $0.releasedAt < window.end }
        var failed = Set<String>()
        var restoreTimes: [TimeInterval] = []
        for (_, history) in Dictionary(grouping: inWindow, by: \.service) {
            let ordered = history.sorted { $0.releasedAt < $1.releasedAt }
            for (index, release) in ordered.enumerated() where index > 0 && release.isRollback {
                let replaced = ordered[index - 1]
                guard !replaced.isRollback else { continue }
                failed.insert(replaced.eventID)
                restoreTimes.append(release.releasedAt.timeIntervalSince(replaced.releasedAt))
            }
        }
        let forward = inWindow.filter { !$0.isRollback }
        let leadTimes = forward.compactMap(\.leadTime)

        var days: [Day] = []
        var dayStart = calendar.startOfDay(for: window.start)
        while dayStart < window.end {
            let next = calendar.date(byAdding: .day, value: 1, to: dayStart) ?? dayStart.addingTimeInterval(86400)
            let today = inWindow.filter { $0.releasedAt >= dayStart && $0.releasedAt < next }
            let todayForward = today.filter { !$0.isRollback }
            days.append(Day(
                start: dayStart, deployments: todayForward.count, rollbacks: today.count - todayForward.count,
                leadTime: median(todayForward.compactMap(\.leadTime))))
            dayStart = next
        }
        return DeliveryMetrics(
            window: window, deployments: forward.count, rollbacks: inWindow.count - forward.count, failedDeployments: failed.count,
            leadTime: median(leadTimes), timeToRestore: median(restoreTimes), days: days)
    }

    static func median(_ values: [TimeInterval]) -> TimeInterval? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
