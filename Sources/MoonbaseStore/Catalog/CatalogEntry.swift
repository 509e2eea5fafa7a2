import Foundation
import ReleaseModel

/// A service as the catalog knows it: its squad and newest artifact (from CI's uploads) and
/// what runs in each environment (from releases).
public struct CatalogEntry: Sendable, Hashable {
    public var service: String
    public var squad: String
    /// The newest artifact the service uploaded, from any branch.
    public var latestArtifact: ArtifactSummary
    /// What runs where, by environment name.
    public var deployments: [String: Deployment]

    public init(service: String, squad: String, latestArtifact: ArtifactSummary, deployments: [String: Deployment]) {
        self.service = service
        self.squad = squad
        self.latestArtifact = latestArtifact
        self.deployments = deployments
    }
}

/// The facts of an artifact that lists show without parsing its whole `artifact.json`.
public struct ArtifactSummary: Sendable, Hashable {
    public var service: String
    public var id: String
    public var branch: String
    public var commit: String
    /// The shuttle plan it was built with (its repository URL and commit), empty when unknown.
    public var planURL: String
    public var planSHA: String
    /// The language the service's uploaded `shuttle.yaml` names, empty when unknown.
    public var language: String
    public var criticalVulnerabilities: Int
    /// When CI started building it (the best stand-in for the commit's time), if recorded.
    public var ciStartedAt: Date?
    public var uploadedAt: Date

    public init(
        service: String, id: String, branch: String, commit: String, planURL: String, planSHA: String, language: String = "",
        criticalVulnerabilities: Int, ciStartedAt: Date?, uploadedAt: Date
    ) {
        self.service = service
        self.id = id
        self.branch = branch
        self.commit = commit
        self.planURL = planURL
        self.planSHA = planSHA
        self.language = language
        self.criticalVulnerabilities = criticalVulnerabilities
        self.ciStartedAt = ciStartedAt
        self.uploadedAt = uploadedAt
    }
}

/// What runs in one environment: the release that put it there and its artifact.
public struct Deployment: Sendable, Hashable {
    public var release: ReleaseEvent
    /// The released artifact, `nil` when the store does not have it (history rebuilt from git).
    public var artifact: ArtifactSummary?

    public init(release: ReleaseEvent, artifact: ArtifactSummary?) {
        self.release = release
        self.artifact = artifact
    }

    public var service: String { release.service }
    public var environment: String { release.environment }
    public var artifactID: String { release.artifactID }
    /// When the release reached the config repository.
    public var releasedAt: Date { release.finishedAt ?? release.requestedAt }
}

/// A page of deployments, with how many there are in all.
public struct DeploymentPage: Sendable, Hashable {
    public var deployments: [Deployment]
    public var total: Int

    public init(deployments: [Deployment], total: Int) {
        self.deployments = deployments
        self.total = total
    }
}

/// A squad and how many services it owns.
public struct Squad: Sendable, Hashable {
    public var name: String
    public var services: Int

    public init(name: String, services: Int) {
        self.name = name
        self.services = services
    }
}

/// One release as delivery metrics see it: which service, when, whether it was a rollback,
/// and when CI started building its artifact.
public struct DeliveryRecord: Sendable, Hashable {
    public var service: String
    public var releasedAt: Date
    public var isRollback: Bool
    /// When CI started building the released artifact, if recorded.
    public var ciStartedAt: Date?
    /// When the cluster daemon first reported the release's artifact running in the
    /// environment after the release, if it did.
    public var runningAt: Date?

    public init(service: String, releasedAt: Date, isRollback: Bool, ciStartedAt: Date?, runningAt: Date? = nil) {
        self.service = service
        self.releasedAt = releasedAt
        self.isRollback = isRollback
        self.ciStartedAt = ciStartedAt
        self.runningAt = runningAt
    }

    /// From CI's start to the release running (as the cluster reported it), or to the release
    /// commit when no cluster reported; nil when CI's start is unknown.
    public var leadTime: TimeInterval? {
        ciStartedAt.map { max(0, (runningAt ?? releasedAt).timeIntervalSince($0)) }
    }
}
