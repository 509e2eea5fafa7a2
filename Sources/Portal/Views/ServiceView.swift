import Foundation
import GoCompat
import MoonbaseStore
import ReleaseModel

/// `/services/{service}`: what runs in each environment and how far behind the one before it
/// is, the release timeline, artifacts by branch, policies, the newest artifact's spec, links,
/// and (signed in) release, promote and roll back.
public struct ServiceView: PortalView {
    public static let template = "service"
    public var title: String { entry.service }

    public var entry: CatalogEntry
    public var environments: [String]
    /// The full artifacts of what runs where, by environment.
    public var running: [String: Artifact]
    /// The newest artifact, for its spec and links.
    public var newest: Artifact?
    public var history: ReleaseEventPage
    public var historyOffset: Int
    public var historyLimit: Int
    public var artifacts: ArtifactList
    public var policies: Policies?
    public var signedIn: Bool
    /// What the clusters run, by environment (environments no daemon reports for are absent).
    public var cluster: [String: ClusterState]
    /// The service's cluster timeline, newest first.
    public var clusterEvents: [ClusterEvent]

    public init(
        entry: CatalogEntry, environments: [String], running: [String: Artifact], newest: Artifact?, history: ReleaseEventPage,
        historyOffset: Int, historyLimit: Int, artifacts: ArtifactList, policies: Policies?, signedIn: Bool,
        cluster: [String: ClusterState] = [:], clusterEvents: [ClusterEvent] = []
    ) {
        self.entry = entry
        self.environments = environments
        self.running = running
        self.newest = newest
        self.history = history
        self.historyOffset = historyOffset
        self.historyLimit = historyLimit
        self.artifacts = artifacts
        self.policies = policies
        self.signedIn = signedIn
        self.cluster = cluster
        self.clusterEvents = clusterEvents
    }

    public func context(now: Date) -> [String: Any] {
        var context: [String: Any] = [
            "service": entry.service,
            "serviceURL": Links.service(entry.service),
            "squad": entry.squad, "squadURL": Links.squad(entry.squad),
            "statuses": environments.enumerated().map { index, environment in
                status(environment, previous: index > 0 ? environments[index - 1] : nil, now: now)
            },
            "history": ReleaseRow.table(history.events, now: now),
            "historyPager": Pager(
                total: history.total, limit: historyLimit, offset: historyOffset, base: Links.service(entry.service) + "?"
            ).context,
            "branches": branches(now: now),
            "artifactTotal": artifacts.total,
            "artifactShown": artifacts.artifacts.count,
            "signedIn": signedIn,
            "releaseTargets": environments.map { ["name": $0] },
            "promoteTargets": environments.dropFirst().map { ["name": $0] },
            "rollbackTargets": environments.filter { entry.deployments[$0] != nil }.map { ["name": $0] },
            "artifactChoices": artifacts.artifacts.map { ["id": $0.id, "branch": $0.branch] },
            // What a rollback can go back to: artifacts that were released before, newest first.
            "rollbackChoices": history.events.filter { $0.state == .released }.map(\.artifactID).uniqued().map { ["id": $0] },
        ]
        context["autoReleases"] = (policies?.autoReleases ?? []).map { ["id": $0.id, "branch": $0.branch, "environment": $0.environment] }
        context["branchRestrictions"] = (policies?.branchRestrictions ?? []).map {
            ["id": $0.id, "branchRegex": $0.branchRegex, "environment": $0.environment]
        }
        context["autoRollbacks"] = (policies?.autoRollbacks ?? []).map { ["id": $0.id, "environment": $0.environment] }
        context["noPolicies"] = !(policies?.hasPolicies ?? false)
        context["clusterEvents"] = clusterEvents.map { event in
            [
                "environment": event.event.environment, "kind": event.event.kind, "summary": event.event.summary,
                "failed": event.event.kind.hasSuffix(".failed") || event.event.kind.hasSuffix(".error"),
                "age": PortalFormat.age(event.event.at, now: now), "at": PortalFormat.timestamp(event.event.at),
            ] as [String: Any]
        }
        if let newest {
            if let serviceSpec = newest.serviceSpec {
                context["serviceSpec"] = serviceSpec.text
                context["language"] = serviceSpec.language.nonEmpty
            }
            context["spec"] = Self.prettySpec(newest.specJSON)
            context["plan"] = PlanName.of(newest.spec.shuttle.plan.url).nonEmpty
            context["planVersion"] = PortalFormat.shortCommit(newest.spec.shuttle.plan.sha)
            var links: [[String: String]] = []
            if let url = PortalFormat.link(newest.spec.application.url) { links.append(["name": "Source", "url": url]) }
            if let url = PortalFormat.link(newest.spec.ci.jobURL) { links.append(["name": "Newest CI run", "url": url]) }
            if let url = PortalFormat.link(newest.spec.shuttle.plan.url) { links.append(["name": "Plan", "url": url]) }
            context["links"] = links
        }
        return context
    }

    func status(_ environment: String, previous: String?, now: Date) -> [String: Any] {
        var context: [String: Any] = ["environment": environment, "environmentURL": Links.environment(environment)]
        guard let deployment = entry.deployments[environment] else {
            context["none"] = true
            return context
        }
        context["artifactID"] = deployment.artifactID
        context["cluster"] = ClusterBadge(service: entry.service, environment: environment, state: cluster[environment]).context
        context["age"] = PortalFormat.age(deployment.releasedAt, now: now)
        context["at"] = PortalFormat.timestamp(deployment.releasedAt)
        context["intent"] = deployment.release.intent.text
        context["by"] = deployment.release.releasedBy.name
        if let artifact = running[environment] {
            let application = artifact.spec.application
            context["message"] = (application.message.split(separator: "\n").first.map(String.init)).nonEmpty
            context["author"] = (application.authorName.isEmpty ? application.authorEmail : application.authorName).nonEmpty
            context["commit"] = PortalFormat.shortCommit(application.sha)
            context["branch"] = application.branch.nonEmpty
            context["built"] = PortalFormat.timestamp(artifact.createdAt)
            if let url = PortalFormat.link(artifact.spec.ci.jobURL) { context["ciURL"] = url }
            let counts = artifact.spec.vulnerabilities
            context["vulnerabilities"] = [
                "critical": counts.critical, "high": counts.high, "medium": counts.medium, "low": counts.low,
                "hasCritical": counts.critical > 0,
            ] as [String: Any]
        }
        if let previous {
            context["behind"] = behind(environment, previous: previous)
        }
        return context
    }

    /// How far the environment is behind the one before it in promotion order.
    func behind(_ environment: String, previous: String) -> String {
        guard let here = entry.deployments[environment] else { return "" }
        guard let there = entry.deployments[previous] else { return "nothing runs in \(previous)" }
        if here.artifactID == there.artifactID { return "same artifact as \(previous)" }
        if let hereUpload = running[environment]?.createdAt, let thereUpload = running[previous]?.createdAt {
            let gap = thereUpload.timeIntervalSince(hereUpload)
            if gap > 0 { return "behind \(previous), whose artifact was uploaded \(PortalFormat.duration(gap)) later" }
            return "ahead of \(previous), whose artifact was uploaded \(PortalFormat.duration(-gap)) earlier"
        }
        return "differs from \(previous)"
    }

    func branches(now: Date) -> [[String: Any]] {
        var order: [String] = []
        var byBranch: [String: [Artifact]] = [:]
        for artifact in artifacts.artifacts {
            if byBranch[artifact.branch] == nil { order.append(artifact.branch) }
            byBranch[artifact.branch, default: []].append(artifact)
        }
        let runningIDs = Dictionary(grouping: entry.deployments.values, by: \.artifactID).mapValues { $0.map(\.environment).sorted() }
        return order.map { branch in
            [
                "branch": branch,
                "artifacts": (byBranch[branch] ?? []).map { artifact in
                    var context: [String: Any] = [
                        "id": artifact.id,
                        "commit": PortalFormat.shortCommit(artifact.spec.application.sha),
                        "message": artifact.spec.application.message.split(separator: "\n").first.map(String.init) ?? "",
                        "age": PortalFormat.age(artifact.createdAt, now: now),
                    ]
                    let critical = artifact.spec.vulnerabilities.critical
                    if critical > 0 { context["critical"] = critical }
                    if let environments = runningIDs[artifact.id] { context["runsIn"] = environments.joined(separator: ", ") }
                    return context
                },
            ] as [String: Any]
        }
    }

    /// The uploaded artifact.json, indented for reading.
    static func prettySpec(_ json: Data) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: json),
              let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return String(decoding: json, as: UTF8.self) }
        return String(decoding: pretty, as: UTF8.self)
    }
}

extension Sequence where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
