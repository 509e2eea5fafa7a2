import Foundation
import GoCompat

/// The artifact released to one environment and namespace, as committed, and the commit that
/// released it.
public struct ReleasedArtifact: Sendable, Hashable {
    public var environment: String
    public var namespace: String
    /// The service folder the release is in.
    public var service: String
    public var spec: ArtifactSpec
    /// The `artifact.json` bytes as committed.
    public var specData: Data
    /// The last commit that changed the release's `artifact.json`.
    public var commit: String
    /// When that commit was made (its committer time).
    public var releasedAt: GoTime
    /// The releaser named by that commit's message (empty for a commit that is not a release
    /// commit, e.g. one written by hand).
    public var releasedBy: Person

    public init(
        environment: String, namespace: String, service: String, spec: ArtifactSpec, specData: Data,
        commit: String, releasedAt: GoTime, releasedBy: Person
    ) {
        self.environment = environment
        self.namespace = namespace
        self.service = service
        self.spec = spec
        self.specData = specData
        self.commit = commit
        self.releasedAt = releasedAt
        self.releasedBy = releasedBy
    }

    /// The release as `GET /status` lists it, with the commit that released it.
    public var status: EnvironmentStatus {
        var status = EnvironmentStatus(environment: environment, spec: spec)
        status.releaseCommit = commit
        status.releasedAt = releasedAt
        status.releasedByName = releasedBy.name
        status.releasedByEmail = releasedBy.email
        return status
    }
}
