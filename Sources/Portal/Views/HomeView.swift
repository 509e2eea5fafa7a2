import Foundation
import MoonbaseStore
import ReleaseModel

/// `/`: search, failing rollouts first, the newest releases (updated live), what went wrong,
/// and what runs in production with critical vulnerabilities.
public struct HomeView: PortalView {
    public static let template = "home"
    public let title = "Moonbase"

    public var recent: [ReleaseEvent]
    /// Failed or refused releases and rollbacks, newest first.
    public var troubled: [ReleaseEvent]
    public var production: String
    /// Production deployments whose artifact has critical vulnerabilities.
    public var vulnerable: [Deployment]
    public var counts: (services: Int, squads: Int)
    /// Releases whose rollout failed, as the clusters report them.
    public var failing: [ClusterStateResponse.Entry]

    public init(
        recent: [ReleaseEvent], troubled: [ReleaseEvent], production: String, vulnerable: [Deployment], counts: (services: Int, squads: Int),
        failing: [ClusterStateResponse.Entry] = []
    ) {
        self.failing = failing
        self.recent = recent
        self.troubled = troubled
        self.production = production
        self.vulnerable = vulnerable
        self.counts = counts
    }

    public func context(now: Date) -> [String: Any] {
        [
            "recent": ReleaseRow.table(recent, now: now, live: true),
            "troubled": ReleaseRow.table(troubled, now: now),
            "production": production,
            "vulnerable": vulnerable.map { deployment in
                [
                    "service": deployment.service, "serviceURL": Links.service(deployment.service),
                    "artifactID": deployment.artifactID,
                    "critical": deployment.artifact?.criticalVulnerabilities ?? 0,
                    "age": PortalFormat.age(deployment.releasedAt, now: now),
                ] as [String: Any]
            },
            "failing": failing.map { entry in
                [
                    "service": entry.service, "serviceURL": Links.service(entry.service), "environment": entry.environment,
                    "artifactID": entry.releasedArtifactID,
                    "cluster": ClusterBadge(service: entry.service, environment: entry.environment, state: entry.state).context,
                    "message": entry.state.message, "age": PortalFormat.age(entry.state.since.date, now: now),
                ] as [String: Any]
            },
            "services": counts.services,
            "squads": counts.squads,
        ]
    }
}
