import Foundation
import MoonbaseStore
import ReleaseModel

/// `/plans`: each plan, the versions in use, and the services on an outdated one.
public struct PlansView: PortalView {
    public static let template = "plans"
    public let title = "Plans"

    public var plans: [PlanUsage]
    /// How many services a list names before it says how many more there are.
    public static let listed = 100

    public init(plans: [PlanUsage]) {
        self.plans = plans
    }

    public func context(now: Date) -> [String: Any] {
        [
            "plans": plans.map { plan in
                [
                    "name": PlanName.of(plan.url), "url": plan.url,
                    "versions": plan.versions.enumerated().map { index, version in
                        [
                            "sha": PortalFormat.shortCommit(version.sha), "latest": index == 0,
                            "firstSeen": PortalFormat.timestamp(version.firstSeen),
                            "count": version.serviceCount,
                            "services": version.services.map { ["name": $0, "url": Links.service($0)] },
                            "more": version.serviceCount - version.services.count,
                            "hasMore": version.serviceCount > version.services.count,
                        ] as [String: Any]
                    },
                    "outdated": plan.outdatedServices.map { ["name": $0, "url": Links.service($0)] },
                    "outdatedCount": plan.outdatedCount,
                    "moreOutdated": plan.outdatedCount - plan.outdatedServices.count,
                    "hasMoreOutdated": plan.outdatedCount > plan.outdatedServices.count,
                ] as [String: Any]
            },
        ]
    }
}
