import Foundation
import GoCompat

/// `GET /describe/release/{service}/{environment}` answer: newest release first.
public struct DescribeReleaseResponse: Sendable, Hashable, Codable {
    public var service: String
    public var environment: String
    public var releases: [Release]

    public init(service: String, environment: String, releases: [Release]) {
        self.service = service
        self.environment = environment
        self.releases = releases
    }

    /// One release of the history. `releaseIndex` is omitted when 0 (as the reference does).
    public struct Release: Sendable, Hashable, Codable {
        public var releaseIndex: Int
        public var artifact: ArtifactSpec
        public var releasedAt: GoTime
        public var releasedByEmail: String
        public var releasedByName: String
        public var intent: Intent
        /// Moonbase: the config-repository commit of the release.
        public var commit: String
        /// Moonbase: why the release was made.
        public var reason: String

        public init(releaseIndex: Int, artifact: ArtifactSpec, releasedAt: GoTime, releasedByEmail: String, releasedByName: String, intent: Intent, commit: String = "", reason: String = "") {
            self.releaseIndex = releaseIndex
            self.artifact = artifact
            self.releasedAt = releasedAt
            self.releasedByEmail = releasedByEmail
            self.releasedByName = releasedByName
            self.intent = intent
            self.commit = commit
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case releaseIndex, artifact, releasedAt, releasedByEmail, releasedByName, intent, commit, reason
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            releaseIndex = try container.goInt(.releaseIndex)
            artifact = try container.decodeIfPresent(ArtifactSpec.self, forKey: .artifact) ?? ArtifactSpec()
            releasedAt = try container.decodeIfPresent(GoTime.self, forKey: .releasedAt) ?? .zero
            releasedByEmail = try container.goString(.releasedByEmail)
            releasedByName = try container.goString(.releasedByName)
            intent = (try? container.decodeIfPresent(Intent.self, forKey: .intent)) ?? .releaseArtifact
            commit = try container.goString(.commit)
            reason = try container.goString(.reason)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeOmitEmpty(releaseIndex, forKey: .releaseIndex)
            try container.encode(artifact, forKey: .artifact)
            try container.encode(releasedAt, forKey: .releasedAt)
            try container.encodeOmitEmpty(releasedByEmail, forKey: .releasedByEmail)
            try container.encodeOmitEmpty(releasedByName, forKey: .releasedByName)
            try container.encode(intent, forKey: .intent)
            try container.encodeOmitEmpty(commit, forKey: .commit)
            try container.encodeOmitEmpty(reason, forKey: .reason)
        }
    }

    enum CodingKeys: String, CodingKey { case service, environment, releases }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.goString(.service)
        environment = try container.goString(.environment)
        releases = try container.decodeIfPresent([Release].self, forKey: .releases) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(environment, forKey: .environment)
        try container.encode(releases, forKey: .releases)
    }
}

/// `GET /describe/artifact/{service}` and `/describe/latest-artifact/{service}` answer.
/// `artifacts` is omitted when empty.
public struct DescribeArtifactResponse: Sendable, Hashable, Codable {
    public var service: String
    public var artifacts: [ArtifactSpec]

    public init(service: String, artifacts: [ArtifactSpec]) {
        self.service = service
        self.artifacts = artifacts
    }

    enum CodingKeys: String, CodingKey { case service, artifacts }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.goString(.service)
        artifacts = try container.decodeIfPresent([ArtifactSpec].self, forKey: .artifacts) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(artifacts, forKey: .artifacts)
    }
}
