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
        let inWindow = releases.filter { window.contains($0.releasedAt) && $0.releasedAt < window.end }
        // Each service's releases in time order: a rollback fails the release just before it
        // (which only that rollback can follow, so each failure is counted once).
        var failed = 0
        var restoreTimes: [TimeInterval] = []
        let ordered = inWindow.sorted { ($0.service, $0.releasedAt) < ($1.service, $1.releasedAt) }
        for index in ordered.indices.dropFirst() where ordered[index].isRollback {
            let replaced = ordered[index - 1]
            guard replaced.service == ordered[index].service, !replaced.isRollback else { continue }
            failed += 1
            restoreTimes.append(ordered[index].releasedAt.timeIntervalSince(replaced.releasedAt))
        }
        let forward = inWindow.filter { !$0.isRollback }
        let leadTimes = forward.compactMap(\.leadTime)

        // Day buckets from the window's first midnight (UTC); each release lands in one.
        var starts: [Date] = []
        var dayStart = PortalFormat.startOfDay(window.start)
        while dayStart < window.end {
            starts.append(dayStart)
            dayStart = dayStart.addingTimeInterval(86400)
        }
        var forwardByDay = Array(repeating: 0, count: starts.count)
        var rollbacksByDay = Array(repeating: 0, count: starts.count)
        var leadTimesByDay = Array(repeating: [TimeInterval](), count: starts.count)
        for release in inWindow {
            guard let first = starts.first else { break }
            let index = min(starts.count - 1, max(0, Int(release.releasedAt.timeIntervalSince(first) / 86400)))
            if release.isRollback {
                rollbacksByDay[index] += 1
            } else {
                forwardByDay[index] += 1
                if let leadTime = release.leadTime { leadTimesByDay[index].append(leadTime) }
            }
        }
        let days = starts.indices.map { index in
            Day(start: starts[index], deployments: forwardByDay[index], rollbacks: rollbacksByDay[index], leadTime: median(leadTimesByDay[index]))
        }
        return DeliveryMetrics(
            window: window, deployments: forward.count, rollbacks: inWindow.count - forward.count, failedDeployments: failed,
            leadTime: median(leadTimes), timeToRestore: median(restoreTimes), days: days)
    }

    static func median(_ values: [TimeInterval]) -> TimeInterval? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
