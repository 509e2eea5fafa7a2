import Foundation

/// `POST /promote` body (Moonbase): promote the artifact that runs in `fromEnvironment`
/// (default: the environment before `environment` in the promotion order).
public struct PromoteRequest: Sendable, Hashable, Codable {
    public var service: String
    public var environment: String
    public var fromEnvironment: String
    public var reason: String
    public var committerName: String
    public var committerEmail: String

    public init(service: String, environment: String, fromEnvironment: String = "", reason: String = "", committerName: String = "", committerEmail: String = "") {
        self.service = service
        self.environment = environment
        self.fromEnvironment = fromEnvironment
        self.reason = reason
        self.committerName = committerName
        self.committerEmail = committerEmail
    }

    enum CodingKeys: String, CodingKey { case service, environment, fromEnvironment, reason, committerName, committerEmail }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.goString(.service)
        environment = try container.goString(.environment)
        fromEnvironment = try container.goString(.fromEnvironment)
        reason = try container.goString(.reason)
        committerName = try container.goString(.committerName)
        committerEmail = try container.goString(.committerEmail)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(environment, forKey: .environment)
        try container.encodeOmitEmpty(fromEnvironment, forKey: .fromEnvironment)
        try container.encodeOmitEmpty(reason, forKey: .reason)
        try container.encodeOmitEmpty(committerName, forKey: .committerName)
        try container.encodeOmitEmpty(committerEmail, forKey: .committerEmail)
    }

    public func validationErrors() -> [String] {
        var errors: [String] = []
        if service.isBlank { errors.append(ErrorResponse.requiredField("service")) }
        if environment.isBlank { errors.append(ErrorResponse.requiredField("environment")) }
        errors += Name.problems([(service, NameKind.service), (environment, .environment), (fromEnvironment, .environment)])
        return errors
    }
}

/// `POST /rollback` body (Moonbase): roll `environment` back to `artifactId` (one of its
/// earlier releases), or `steps` releases back (default 1), for a `reason`.
public struct RollbackRequest: Sendable, Hashable, Codable {
    public var service: String
    public var environment: String
    /// The artifact to go back to; empty to go back by `steps`.
    public var artifactID: String
    /// How many releases back; 0 when not given (one step, unless `artifactID` is set).
    public var steps: Int
    public var reason: String
    public var committerName: String
    public var committerEmail: String

    public init(service: String, environment: String, artifactID: String = "", steps: Int = 0, reason: String, committerName: String = "", committerEmail: String = "") {
        self.service = service
        self.environment = environment
        self.artifactID = artifactID
        self.steps = steps
        self.reason = reason
        self.committerName = committerName
        self.committerEmail = committerEmail
    }

    enum CodingKeys: String, CodingKey {
        case service, environment, artifactID = "artifactId", steps, reason, committerName, committerEmail
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.goString(.service)
        environment = try container.goString(.environment)
        artifactID = try container.goString(.artifactID)
        steps = try container.goInt(.steps)
        reason = try container.goString(.reason)
        committerName = try container.goString(.committerName)
        committerEmail = try container.goString(.committerEmail)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(environment, forKey: .environment)
        try container.encodeOmitEmpty(artifactID, forKey: .artifactID)
        try container.encodeOmitEmpty(steps, forKey: .steps)
        try container.encodeOmitEmpty(reason, forKey: .reason)
        try container.encodeOmitEmpty(committerName, forKey: .committerName)
        try container.encodeOmitEmpty(committerEmail, forKey: .committerEmail)
    }

    public func validationErrors() -> [String] {
        var errors: [String] = []
        if service.isBlank { errors.append(ErrorResponse.requiredField("service")) }
        if environment.isBlank { errors.append(ErrorResponse.requiredField("environment")) }
        if reason.isBlank { errors.append(ErrorResponse.requiredField("reason")) }
        if steps < 0 { errors.append("invalid value '\(steps)' of steps. Must be a positive integer.") }
        if steps > 0, !artifactID.isBlank { errors.append("give either artifactId or steps, not both") }
        errors += Name.problems([(service, NameKind.service), (environment, .environment), (artifactID, .artifactID)])
        return errors
    }
}
