import Foundation
import GoCompat

/// `GET /status` answer (spec §1.3, §2.5).
public struct StatusResponse: Sendable, Hashable, Codable {
    /// True iff the request had no namespace.
    public var defaultNamespaces: Bool
    public var environments: [EnvironmentStatus]

    public init(defaultNamespaces: Bool, environments: [EnvironmentStatus]) {
        self.defaultNamespaces = defaultNamespaces
        self.environments = environments
    }

    enum CodingKeys: String, CodingKey { case defaultNamespaces, environments }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        defaultNamespaces = try container.decodeIfPresent(Bool.self, forKey: .defaultNamespaces) ?? false
        environments = try container.decodeIfPresent([EnvironmentStatus].self, forKey: .environments) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(defaultNamespaces, forKey: .defaultNamespaces)
        try container.encodeOmitEmpty(environments, forKey: .environments)
    }
}

/// What runs in one environment. All fields omitted when empty.
public struct EnvironmentStatus: Sendable, Hashable, Codable {
    public var name: String
    /// Moonbase: the config-repository commit that released it, when, and by whom (from that
    /// commit's message).
    public var releaseCommit: String = ""
    public var releasedAt: GoTime = .zero
    public var releasedByName: String = ""
    public var releasedByEmail: String = ""
    public var tag: String
    public var committer: String
    public var author: String
    public var message: String
    /// `ci.end` in milliseconds since 1970.
    public var date: Int64
    public var buildURL: String
    public var highVulnerabilities: Int64
    public var mediumVulnerabilities: Int64
    public var lowVulnerabilities: Int64
    /// Moonbase: what the cluster reports for this release; absent when no daemon reports for
    /// the environment (an added field: the reference hamctl ignores it).
    public var cluster: ClusterState?

    public init(
        name: String, tag: String = "", committer: String = "", author: String = "", message: String = "", date: Int64 = 0,
        buildURL: String = "", highVulnerabilities: Int64 = 0, mediumVulnerabilities: Int64 = 0, lowVulnerabilities: Int64 = 0
    ) {
        self.name = name
        self.tag = tag
        self.committer = committer
        self.author = author
        self.message = message
        self.date = date
        self.buildURL = buildURL
        self.highVulnerabilities = highVulnerabilities
        self.mediumVulnerabilities = mediumVulnerabilities
        self.lowVulnerabilities = lowVulnerabilities
    }

    /// The status of `environment` running `spec` (spec §2.5). Vulnerabilities sum `snyk-code`,
    /// `snyk-docker` and Moonbase's `security-scan` (whose critical count adds to high).
    public init(environment: String, spec: ArtifactSpec) {
        var high: Int64 = 0, medium: Int64 = 0, low: Int64 = 0
        for stage in spec.stages {
            switch stage.data {
            case .snykCode(let data):
                high += Int64(data.vulnerabilities.high); medium += Int64(data.vulnerabilities.medium); low += Int64(data.vulnerabilities.low)
            case .snykDocker(let data):
                high += Int64(data.vulnerabilities.high); medium += Int64(data.vulnerabilities.medium); low += Int64(data.vulnerabilities.low)
            case .securityScan(let data):
                high += Int64(data.vulnerabilities.critical + data.vulnerabilities.high)
                medium += Int64(data.vulnerabilities.medium)
                low += Int64(data.vulnerabilities.low)
            default:
                break
            }
        }
        self.init(
            name: environment, tag: spec.id, committer: spec.application.committerName, author: spec.application.authorName,
            message: spec.application.message, date: spec.ci.end.isZero ? 0 : spec.ci.end.millisecondsSince1970,
            buildURL: spec.ci.jobURL, highVulnerabilities: high, mediumVulnerabilities: medium, lowVulnerabilities: low
        )
    }

    enum CodingKeys: String, CodingKey {
        case name, tag, committer, author, message, date, buildURL = "buildUrl"
        case highVulnerabilities, mediumVulnerabilities, lowVulnerabilities
        case releaseCommit, releasedAt, releasedByName, releasedByEmail, cluster
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.goString(.name)
        tag = try container.goString(.tag)
        committer = try container.goString(.committer)
        author = try container.goString(.author)
        message = try container.goString(.message)
        date = try container.decodeIfPresent(Int64.self, forKey: .date) ?? 0
        buildURL = try container.goString(.buildURL)
        highVulnerabilities = try container.decodeIfPresent(Int64.self, forKey: .highVulnerabilities) ?? 0
        mediumVulnerabilities = try container.decodeIfPresent(Int64.self, forKey: .mediumVulnerabilities) ?? 0
        lowVulnerabilities = try container.decodeIfPresent(Int64.self, forKey: .lowVulnerabilities) ?? 0
        releaseCommit = try container.goString(.releaseCommit)
        releasedAt = try container.decodeIfPresent(GoTime.self, forKey: .releasedAt) ?? .zero
        releasedByName = try container.goString(.releasedByName)
        releasedByEmail = try container.goString(.releasedByEmail)
        cluster = try container.decodeIfPresent(ClusterState.self, forKey: .cluster)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(name, forKey: .name)
        try container.encodeOmitEmpty(tag, forKey: .tag)
        try container.encodeOmitEmpty(committer, forKey: .committer)
        try container.encodeOmitEmpty(author, forKey: .author)
        try container.encodeOmitEmpty(message, forKey: .message)
        if date != 0 { try container.encode(date, forKey: .date) }
        try container.encodeOmitEmpty(buildURL, forKey: .buildURL)
        if highVulnerabilities != 0 { try container.encode(highVulnerabilities, forKey: .highVulnerabilities) }
        if mediumVulnerabilities != 0 { try container.encode(mediumVulnerabilities, forKey: .mediumVulnerabilities) }
        if lowVulnerabilities != 0 { try container.encode(lowVulnerabilities, forKey: .lowVulnerabilities) }
        try container.encodeOmitEmpty(releaseCommit, forKey: .releaseCommit)
        if !releasedAt.isZero { try container.encode(releasedAt, forKey: .releasedAt) }
        try container.encodeOmitEmpty(releasedByName, forKey: .releasedByName)
        try container.encodeOmitEmpty(releasedByEmail, forKey: .releasedByEmail)
        try container.encodeIfPresent(cluster, forKey: .cluster)
    }
}

/// `GET /status/environments/{environment}` answer (Moonbase): every service released to one
/// environment, sorted by namespace and service.
public struct EnvironmentServicesResponse: Sendable, Hashable, Codable {
    public var environment: String
    public var services: [ServiceStatus]

    public init(environment: String, services: [ServiceStatus]) {
        self.environment = environment
        self.services = services
    }

    /// One service: where it is released (`namespace`) and, in `status`, what runs (the
    /// fields of ``EnvironmentStatus`` but `name`).
    public struct ServiceStatus: Sendable, Hashable, Codable {
        public var service: String
        public var namespace: String
        public var status: EnvironmentStatus

        public init(service: String, namespace: String, status: EnvironmentStatus) {
            self.service = service
            self.namespace = namespace
            self.status = status
        }

        enum CodingKeys: String, CodingKey { case service, namespace, status }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            service = try container.goString(.service)
            namespace = try container.goString(.namespace)
            status = try container.decodeIfPresent(EnvironmentStatus.self, forKey: .status) ?? EnvironmentStatus(name: "")
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeOmitEmpty(service, forKey: .service)
            try container.encodeOmitEmpty(namespace, forKey: .namespace)
            try container.encode(status, forKey: .status)
        }
    }

    enum CodingKeys: String, CodingKey { case environment, services }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        environment = try container.goString(.environment)
        services = try container.decodeIfPresent([ServiceStatus].self, forKey: .services) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(environment, forKey: .environment)
        try container.encodeOmitEmpty(services, forKey: .services)
    }
}
