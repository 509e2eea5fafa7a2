import Foundation
import GoCompat

/// One release of a service to an environment, read from the config repository's history.
public struct ReleaseHistoryEntry: Sendable, Hashable {
    /// Position in the history: 0 is the current release.
    public var index: Int
    public var commit: String
    public var environment: String
    public var namespace: String
    public var service: String
    public var artifact: ArtifactSpec
    /// When the release commit was made (its committer time).
    public var releasedAt: GoTime
    public var releasedBy: Person
    /// The artifact's author, from the `Artifact-created-by` trailer.
    public var createdBy: Person
    public var intent: Intent
    /// Why, from the `Release-reason` trailer (Moonbase); empty when none was given.
    public var reason: String

    public init(
        index: Int, commit: String, environment: String, namespace: String, service: String, artifact: ArtifactSpec,
        releasedAt: GoTime, releasedBy: Person, createdBy: Person, intent: Intent, reason: String
    ) {
        self.index = index
        self.commit = commit
        self.environment = environment
        self.namespace = namespace
        self.service = service
        self.artifact = artifact
        self.releasedAt = releasedAt
        self.releasedBy = releasedBy
        self.createdBy = createdBy
        self.intent = intent
        self.reason = reason
    }

    /// The entry as the describe-release API lists it.
    public var describeRelease: DescribeReleaseResponse.Release {
        DescribeReleaseResponse.Release(
            releaseIndex: index, artifact: artifact, releasedAt: releasedAt, releasedByEmail: releasedBy.email,
            releasedByName: releasedBy.name, intent: intent, commit: commit, reason: reason
        )
    }
}
