import Foundation

/// One shuttle plan (a repository URL), the versions of it the services' newest artifacts were
/// built with (newest version first), and the services on an older version. Lists of services
/// are cut at the limit the store was asked for; the counts are whole.
public struct PlanUsage: Sendable, Hashable {
    public struct Version: Sendable, Hashable {
        public var sha: String
        /// When an artifact built with this version was first uploaded.
        public var firstSeen: Date
        /// How many services' newest artifact was built with it.
        public var serviceCount: Int
        /// The first of those services by name.
        public var services: [String]

        public init(sha: String, firstSeen: Date, serviceCount: Int, services: [String]) {
            self.sha = sha
            self.firstSeen = firstSeen
            self.serviceCount = serviceCount
            self.services = services
        }
    }

    public var url: String
    public var versions: [Version]
    /// How many services are on a version older than the newest.
    public var outdatedCount: Int
    /// The first of them by name.
    public var outdatedServices: [String]

    public init(url: String, versions: [Version], outdatedCount: Int, outdatedServices: [String]) {
        self.url = url
        self.versions = versions
        self.outdatedCount = outdatedCount
        self.outdatedServices = outdatedServices
    }

    /// The newest version: the one first seen last.
    public var latest: Version? { versions.first }
}

/// What a portal search found, each list bounded by the search's limit.
public struct SearchResults: Sendable, Hashable {
    public var services: [String]
    public var squads: [String]
    public var artifacts: [ArtifactSummary]
    /// Releases whose config-repository commit starts with the text.
    public var releases: [ReleaseEvent]

    public init(services: [String] = [], squads: [String] = [], artifacts: [ArtifactSummary] = [], releases: [ReleaseEvent] = []) {
        self.services = services
        self.squads = squads
        self.artifacts = artifacts
        self.releases = releases
    }

    public var isEmpty: Bool { services.isEmpty && squads.isEmpty && artifacts.isEmpty && releases.isEmpty }
}
