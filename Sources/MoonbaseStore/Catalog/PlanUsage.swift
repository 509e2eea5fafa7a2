import Foundation

/// One shuttle plan (a repository URL) and the versions of it the services' newest artifacts
/// were built with, newest version first.
public struct PlanUsage: Sendable, Hashable {
    public struct Version: Sendable, Hashable {
        public var sha: String
        /// When an artifact built with this version was first uploaded.
        public var firstSeen: Date
        /// The services whose newest artifact was built with it, sorted.
        public var services: [String]

        public init(sha: String, firstSeen: Date, services: [String]) {
            self.sha = sha
            self.firstSeen = firstSeen
            self.services = services
        }
    }

    public var url: String
    public var versions: [Version]

    public init(url: String, versions: [Version]) {
        self.url = url
        self.versions = versions
    }

    /// The newest version: the one first seen last.
    public var latest: Version? { versions.first }

    /// Services on any version but the newest, sorted.
    public var outdatedServices: [String] { versions.dropFirst().flatMap(\.services).sorted() }
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
