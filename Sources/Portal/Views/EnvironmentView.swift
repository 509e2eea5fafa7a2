import Foundation
import MoonbaseStore
import ReleaseModel

/// `/environments/{environment}`: every service in it, and what changed there today.
public struct EnvironmentView: PortalView {
    public static let template = "environment"
    public var title: String { "Environment \(environment)" }

    public var environment: String
    public var deployments: DeploymentPage
    public var offset: Int
    public var limit: Int
    public var today: [ReleaseEvent]
    /// What the cluster runs, by service; empty when no daemon reports for the environment.
    public var cluster: [String: ClusterState]

    public init(
        environment: String, deployments: DeploymentPage, offset: Int, limit: Int, today: [ReleaseEvent], cluster: [String: ClusterState] = [:]
    ) {
        self.environment = environment
        self.deployments = deployments
        self.offset = offset
        self.limit = limit
        self.today = today
        self.cluster = cluster
    }

    public func context(now: Date) -> [String: Any] {
        [
            "environment": environment,
            "deployments": deployments.deployments.map { deployment in
                var context: [String: Any] = [
                    "service": deployment.service, "serviceURL": Links.service(deployment.service),
                    "artifactID": deployment.artifactID, "intent": deployment.release.intent.text,
                    "by": deployment.release.releasedBy.name,
                    "age": PortalFormat.age(deployment.releasedAt, now: now), "at": PortalFormat.timestamp(deployment.releasedAt),
                ]
                if let critical = deployment.artifact?.criticalVulnerabilities, critical > 0 { context["critical"] = critical }
                context["cluster"] = ClusterBadge(service: deployment.service, environment: environment, state: cluster[deployment.service]).context
                return context
            },
            "pager": Pager(total: deployments.total, limit: limit, offset: offset, base: Links.environment(environment) + "?").context,
            "today": ReleaseRow.table(today, now: now),
        ]
    }
}
