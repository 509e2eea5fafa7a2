import Foundation

/// `artifact.json`: what CI built and recorded (release-manager spec §4.1).
///
/// Decoding is strict for the spec's own objects (an unknown field is an error naming it) and
/// lenient inside stage data. Encoding with ``goJSON()`` writes exactly what Go's
/// `json.MarshalIndent(spec, "", "  ")` writes for the same value.
public struct ArtifactSpec: Sendable, Hashable, Codable {
    public var id: String
    public var service: String
    /// Target namespace; empty means "the environment's name".
    public var namespace: String
    public var application: Repository
    public var ci: CI
    public var squad: String
    public var shuttle: Shuttle
    public var stages: [Stage]

    public init(
        id: String = "", service: String = "", namespace: String = "", application: Repository = Repository(),
        ci: CI = CI(), squad: String = "", shuttle: Shuttle = Shuttle(), stages: [Stage] = []
    ) {
        self.id = id
        self.service = service
        self.namespace = namespace
        self.application = application
        self.ci = ci
        self.squad = squad
        self.shuttle = shuttle
        self.stages = stages
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, service, namespace, application, ci, squad, shuttle, stages
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.goString(.id)
        service = try container.goString(.service)
        namespace = try container.goString(.namespace)
        application = try container.decodeIfPresent(Repository.self, forKey: .application) ?? Repository()
        ci = try container.decodeIfPresent(CI.self, forKey: .ci) ?? CI()
        squad = try container.goString(.squad)
        shuttle = try container.decodeIfPresent(Shuttle.self, forKey: .shuttle) ?? Shuttle()
        stages = try container.decodeIfPresent([Stage].self, forKey: .stages) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(id, forKey: .id)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(namespace, forKey: .namespace)
        try container.encode(application, forKey: .application)
        try container.encode(ci, forKey: .ci)
        try container.encodeOmitEmpty(squad, forKey: .squad)
        try container.encode(shuttle, forKey: .shuttle)
        try container.encodeOmitEmpty(stages, forKey: .stages)
    }

    /// The namespace releases go to: ``namespace``, or the environment's name when empty.
    public func namespace(in environment: String) -> String {
        namespace.isEmpty ? environment : namespace
    }

    /// The stage with this id, if the pipeline recorded one.
    public func stage(_ id: String) -> Stage? {
        stages.first(where: { $0.id == id })
    }

    /// Replaces the stage with the same id in place, or appends it (the `artifact add` rule).
    public mutating func upsert(_ stage: Stage) {
        if let index = stages.firstIndex(where: { $0.id == stage.id }) {
            stages[index] = stage
        } else {
            stages.append(stage)
        }
    }
}

/// A git repository and commit: the application's, or the shuttle plan's.
public struct Repository: Sendable, Hashable, Codable {
    public var branch: String
    public var sha: String
    public var authorName: String
    public var authorEmail: String
    public var committerName: String
    public var committerEmail: String
    public var message: String
    public var name: String
    public var url: String
    public var provider: String

    public init(
        branch: String = "", sha: String = "", authorName: String = "", authorEmail: String = "",
        committerName: String = "", committerEmail: String = "", message: String = "", name: String = "",
        url: String = "", provider: String = ""
    ) {
        self.branch = branch
        self.sha = sha
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.committerName = committerName
        self.committerEmail = committerEmail
        self.message = message
        self.name = name
        self.url = url
        self.provider = provider
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case branch, sha, authorName, authorEmail, committerName, committerEmail, message, name, url, provider
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        branch = try container.goString(.branch)
        sha = try container.goString(.sha)
        authorName = try container.goString(.authorName)
        authorEmail = try container.goString(.authorEmail)
        committerName = try container.goString(.committerName)
        committerEmail = try container.goString(.committerEmail)
        message = try container.goString(.message)
        name = try container.goString(.name)
        url = try container.goString(.url)
        provider = try container.goString(.provider)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        for key in CodingKeys.allCases {
            try container.encodeOmitEmpty(self[keyPath: Self.keyPath(key)], forKey: key)
        }
    }

    private static func keyPath(_ key: CodingKeys) -> KeyPath<Repository, String> {
        switch key {
        case .branch: \.branch
        case .sha: \.sha
        case .authorName: \.authorName
        case .authorEmail: \.authorEmail
        case .committerName: \.committerName
        case .committerEmail: \.committerEmail
        case .message: \.message
        case .name: \.name
        case .url: \.url
        case .provider: \.provider
        }
    }
}

/// The CI job that built the artifact. Times are always written (Go's zero time when unset).
public struct CI: Sendable, Hashable, Codable {
    public var jobURL: String
    public var start: GoTime
    public var end: GoTime

    public init(jobURL: String = "", start: GoTime = .zero, end: GoTime = .zero) {
        self.jobURL = jobURL
        self.start = start
        self.end = end
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case jobURL = "jobUrl", start, end
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jobURL = try container.goString(.jobURL)
        start = try container.decodeIfPresent(GoTime.self, forKey: .start) ?? .zero
        end = try container.decodeIfPresent(GoTime.self, forKey: .end) ?? .zero
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(jobURL, forKey: .jobURL)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
    }
}

/// The shuttle plan the artifact was built with.
public struct Shuttle: Sendable, Hashable, Codable {
    public var plan: Repository
    public var shuttleVersion: String

    public init(plan: Repository = Repository(), shuttleVersion: String = "") {
        self.plan = plan
        self.shuttleVersion = shuttleVersion
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case plan, shuttleVersion
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        plan = try container.decodeIfPresent(Repository.self, forKey: .plan) ?? Repository()
        shuttleVersion = try container.goString(.shuttleVersion)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(plan, forKey: .plan)
        try container.encodeOmitEmpty(shuttleVersion, forKey: .shuttleVersion)
    }
}
