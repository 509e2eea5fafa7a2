import Foundation
import GoCompat

/// `POST /release` body (spec §1.3).
public struct ReleaseRequest: Sendable, Hashable, Codable {
    public var service: String
    public var environment: String
    public var artifactID: String
    public var committerName: String
    public var committerEmail: String
    /// `nil` when the body had no intent or one with an empty or unknown type.
    public var intent: Intent?
    /// The intent type as sent (kept to tell "missing" from "not valid").
    public var intentType: String
    /// Moonbase: why (recorded in the commit's `Release-reason` trailer).
    public var reason: String

    public init(service: String, environment: String, artifactID: String, intent: Intent, committerName: String = "", committerEmail: String = "", reason: String = "") {
        self.service = service
        self.environment = environment
        self.artifactID = artifactID
        self.committerName = committerName
        self.committerEmail = committerEmail
        self.intent = intent
        self.intentType = intent.type
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case service, environment, artifactID = "artifactId", committerName, committerEmail, intent, reason
    }

    struct IntentTypeOnly: Decodable { var type: String? }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.goString(.service)
        environment = try container.goString(.environment)
        artifactID = try container.goString(.artifactID)
        committerName = try container.goString(.committerName)
        committerEmail = try container.goString(.committerEmail)
        intentType = (try? container.decodeIfPresent(IntentTypeOnly.self, forKey: .intent))??.type ?? ""
        intent = try? container.decodeIfPresent(Intent.self, forKey: .intent)
        reason = try container.goString(.reason)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(environment, forKey: .environment)
        try container.encodeOmitEmpty(artifactID, forKey: .artifactID)
        try container.encodeOmitEmpty(committerName, forKey: .committerName)
        try container.encodeOmitEmpty(committerEmail, forKey: .committerEmail)
        if let intent {
            try container.encode(intent, forKey: .intent)
        } else {
            var empty = container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .intent)
            try empty.encode(intentType, forKey: AnyCodingKey("type"))
            _ = empty.nestedContainer(keyedBy: AnyCodingKey.self, forKey: AnyCodingKey("releaseBranch"))
            _ = empty.nestedContainer(keyedBy: AnyCodingKey.self, forKey: AnyCodingKey("promote"))
            _ = empty.nestedContainer(keyedBy: AnyCodingKey.self, forKey: AnyCodingKey("rollback"))
        }
        try container.encodeOmitEmpty(reason, forKey: .reason)
    }

    /// The reference's validation items, in its order, followed by Moonbase's name checks.
    /// Empty when the request is valid.
    public func validationErrors() -> [String] {
        var errors: [String] = []
        if service.isBlank { errors.append(ErrorResponse.requiredField("service")) }
        if environment.isBlank { errors.append(ErrorResponse.requiredField("environment")) }
        if artifactID.isBlank { errors.append("required field artifact id is not specified") }
        if intentType.isBlank {
            errors.append("required intent is not specified")
            errors.append("required intent is not valid")
        } else if intent == nil {
            errors.append("required intent is not valid")
        }
        errors += Name.problems([(service, NameKind.service), (environment, .environment), (artifactID, .artifactID)])
        switch intent {
        case .releaseBranch(let branch) where !branch.isBlank:
            do { try Name.validate(branch, as: .branch) } catch { errors.append(error.description) }
        case .rollback(let previous) where !previous.isBlank:
            do { try Name.validate(previous, as: .artifactID) } catch { errors.append(error.description) }
        default:
            break
        }
        return errors
    }
}

/// `POST /release` answer. A release that is already in place has only `service`, `status`
/// and `toEnvironment`; a started one has `releaseId` = `tag` = the artifact id.
public struct ReleaseResponse: Sendable, Hashable, Codable {
    public var service: String
    public var releaseID: String
    public var status: String
    public var toEnvironment: String
    public var tag: String
    /// Moonbase: the config-repository commit, when the release waited for its push.
    public var commit: String

    public init(service: String, releaseID: String = "", status: String = "", toEnvironment: String, tag: String = "", commit: String = "") {
        self.service = service
        self.releaseID = releaseID
        self.status = status
        self.toEnvironment = toEnvironment
        self.tag = tag
        self.commit = commit
    }

    /// The answer for a release of what the environment already runs.
    public static func alreadyReleased(service: String, environment: String) -> ReleaseResponse {
        ReleaseResponse(service: service, status: "Environment '\(environment)' is already up-to-date", toEnvironment: environment)
    }

    enum CodingKeys: String, CodingKey {
        case service, releaseID = "releaseId", status, toEnvironment, tag, commit
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.goString(.service)
        releaseID = try container.goString(.releaseID)
        status = try container.goString(.status)
        toEnvironment = try container.goString(.toEnvironment)
        tag = try container.goString(.tag)
        commit = try container.goString(.commit)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(releaseID, forKey: .releaseID)
        try container.encodeOmitEmpty(status, forKey: .status)
        try container.encodeOmitEmpty(toEnvironment, forKey: .toEnvironment)
        try container.encodeOmitEmpty(tag, forKey: .tag)
        try container.encodeOmitEmpty(commit, forKey: .commit)
    }
}

/// `GET /releases/{id}` answer (Moonbase): where a release started with `wait=false` is.
/// `state` is `queued`, `in-progress`, `committed`, `released` (with `commit`), `unchanged`,
/// `refused` or `failed` (with `message`).
public struct ReleaseStateResponse: Sendable, Hashable, Codable {
    public var id: String
    public var service: String
    public var environment: String
    public var artifactID: String
    public var state: String
    public var commit: String
    public var message: String

    public init(id: String, service: String, environment: String, artifactID: String, state: String, commit: String = "", message: String = "") {
        self.id = id
        self.service = service
        self.environment = environment
        self.artifactID = artifactID
        self.state = state
        self.commit = commit
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case id, service, environment, artifactID = "artifactId", state, commit, message }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.goString(.id)
        service = try container.goString(.service)
        environment = try container.goString(.environment)
        artifactID = try container.goString(.artifactID)
        state = try container.goString(.state)
        commit = try container.goString(.commit)
        message = try container.goString(.message)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(id, forKey: .id)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(environment, forKey: .environment)
        try container.encodeOmitEmpty(artifactID, forKey: .artifactID)
        try container.encodeOmitEmpty(state, forKey: .state)
        try container.encodeOmitEmpty(commit, forKey: .commit)
        try container.encodeOmitEmpty(message, forKey: .message)
    }
}
