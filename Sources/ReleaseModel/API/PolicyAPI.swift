import Foundation

/// `GET /policies?service=` answer. Global restrictions come first and have no id.
public struct ListPoliciesResponse: Sendable, Hashable, Codable {
    public var service: String
    public var autoReleases: [AutoReleasePolicy]
    public var branchRestrictions: [BranchRestrictionEntry]
    /// Moonbase: an added field, omitted when empty.
    public var autoRollbacks: [AutoRollbackPolicy]

    public init(
        service: String, autoReleases: [AutoReleasePolicy], branchRestrictions: [BranchRestrictionEntry], autoRollbacks: [AutoRollbackPolicy] = []
    ) {
        self.service = service
        self.autoReleases = autoReleases
        self.branchRestrictions = branchRestrictions
        self.autoRollbacks = autoRollbacks
    }

    /// The listing of `policies` with `global` restrictions merged in front (spec §2.8).
    public init(policies: Policies, global: [BranchRestriction]) {
        self.init(
            service: policies.service,
            autoReleases: policies.autoReleases,
            branchRestrictions: policies.effectiveBranchRestrictions(global: global).map(BranchRestrictionEntry.init),
            autoRollbacks: policies.autoRollbacks
        )
    }

    /// A branch restriction as the API lists it: `{id, environment, branchRegex}`.
    public struct BranchRestrictionEntry: Sendable, Hashable, Codable {
        public var id: String
        public var environment: String
        public var branchRegex: String

        public init(id: String, environment: String, branchRegex: String) {
            self.id = id
            self.environment = environment
            self.branchRegex = branchRegex
        }

        public init(_ restriction: BranchRestriction) {
            self.init(id: restriction.id, environment: restriction.environment, branchRegex: restriction.branchRegex)
        }

        enum CodingKeys: String, CodingKey { case id, environment, branchRegex }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.goString(.id)
            environment = try container.goString(.environment)
            branchRegex = try container.goString(.branchRegex)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeOmitEmpty(id, forKey: .id)
            try container.encodeOmitEmpty(environment, forKey: .environment)
            try container.encodeOmitEmpty(branchRegex, forKey: .branchRegex)
        }
    }

    enum CodingKeys: String, CodingKey { case service, autoReleases, branchRestrictions, autoRollbacks }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.goString(.service)
        autoReleases = try container.decodeIfPresent([AutoReleasePolicy].self, forKey: .autoReleases) ?? []
        branchRestrictions = try container.decodeIfPresent([BranchRestrictionEntry].self, forKey: .branchRestrictions) ?? []
        autoRollbacks = try container.decodeIfPresent([AutoRollbackPolicy].self, forKey: .autoRollbacks) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(autoReleases, forKey: .autoReleases)
        try container.encodeOmitEmpty(branchRestrictions, forKey: .branchRestrictions)
        try container.encodeOmitEmpty(autoRollbacks, forKey: .autoRollbacks)
    }
}

/// `PATCH /policies/auto-release` body.
public struct ApplyAutoReleasePolicyRequest: Sendable, Hashable, Codable {
    public var service: String
    public var branch: String
    public var environment: String
    public var committerName: String
    public var committerEmail: String

    public init(service: String, branch: String, environment: String, committerName: String = "", committerEmail: String = "") {
        self.service = service
        self.branch = branch
        self.environment = environment
        self.committerName = committerName
        self.committerEmail = committerEmail
    }

    enum CodingKeys: String, CodingKey { case service, branch, environment, committerName, committerEmail }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.goString(.service)
        branch = try container.goString(.branch)
        environment = try container.goString(.environment)
        committerName = try container.goString(.committerName)
        committerEmail = try container.goString(.committerEmail)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(branch, forKey: .branch)
        try container.encodeOmitEmpty(environment, forKey: .environment)
        try container.encodeOmitEmpty(committerName, forKey: .committerName)
        try container.encodeOmitEmpty(committerEmail, forKey: .committerEmail)
    }

    /// Validation items: required fields, then Moonbase's name checks.
    public func validationErrors() -> [String] {
        var errors: [String] = []
        if service.isBlank { errors.append(ErrorResponse.requiredField("service")) }
        if branch.isBlank { errors.append(ErrorResponse.requiredField("branch")) }
        if environment.isBlank { errors.append(ErrorResponse.requiredField("environment")) }
        errors += Name.problems([(service, NameKind.service), (branch, .branch), (environment, .environment)])
        return errors
    }
}

/// `PATCH /policies/auto-rollback` body (Moonbase).
public struct ApplyAutoRollbackPolicyRequest: Sendable, Hashable, Codable {
    public var service: String
    public var environment: String
    public var committerName: String
    public var committerEmail: String

    public init(service: String, environment: String, committerName: String = "", committerEmail: String = "") {
        self.service = service
        self.environment = environment
        self.committerName = committerName
        self.committerEmail = committerEmail
    }

    enum CodingKeys: String, CodingKey { case service, environment, committerName, committerEmail }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.goString(.service)
        environment = try container.goString(.environment)
        committerName = try container.goString(.committerName)
        committerEmail = try container.goString(.committerEmail)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(environment, forKey: .environment)
        try container.encodeOmitEmpty(committerName, forKey: .committerName)
        try container.encodeOmitEmpty(committerEmail, forKey: .committerEmail)
    }

    /// Validation items: required fields, then Moonbase's name checks.
    public func validationErrors() -> [String] {
        var errors: [String] = []
        if service.isBlank { errors.append(ErrorResponse.requiredField("service")) }
        if environment.isBlank { errors.append(ErrorResponse.requiredField("environment")) }
        errors += Name.problems([(service, NameKind.service), (environment, .environment)])
        return errors
    }
}

/// `PATCH /policies/branch-restriction` body. `force` (Moonbase) accepts an unanchored regex.
public struct ApplyBranchRestrictionPolicyRequest: Sendable, Hashable, Codable {
    public var service: String
    public var environment: String
    public var branchRegex: String
    public var committerName: String
    public var committerEmail: String
    public var force: Bool

    public init(service: String, environment: String, branchRegex: String, committerName: String = "", committerEmail: String = "", force: Bool = false) {
        self.service = service
        self.environment = environment
        self.branchRegex = branchRegex
        self.committerName = committerName
        self.committerEmail = committerEmail
        self.force = force
    }

    enum CodingKeys: String, CodingKey { case service, environment, branchRegex, committerName, committerEmail, force }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.goString(.service)
        environment = try container.goString(.environment)
        branchRegex = try container.goString(.branchRegex)
        committerName = try container.goString(.committerName)
        committerEmail = try container.goString(.committerEmail)
        force = try container.decodeIfPresent(Bool.self, forKey: .force) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(environment, forKey: .environment)
        try container.encodeOmitEmpty(branchRegex, forKey: .branchRegex)
        try container.encodeOmitEmpty(committerName, forKey: .committerName)
        try container.encodeOmitEmpty(committerEmail, forKey: .committerEmail)
        try container.encodeOmitEmpty(force, forKey: .force)
    }

    public func validationErrors() -> [String] {
        var errors: [String] = []
        if service.isBlank { errors.append(ErrorResponse.requiredField("service")) }
        if environment.isBlank { errors.append(ErrorResponse.requiredField("environment")) }
        if branchRegex.isBlank { errors.append(ErrorResponse.requiredField("branch regex")) }
        errors += Name.problems([(service, NameKind.service), (environment, .environment)])
        return errors
    }
}

/// Answer of both apply endpoints: auto-release `{id, service, branch, environment}`,
/// branch restriction `{id, service, environment, branchRegex}`.
public struct ApplyPolicyResponse: Sendable, Hashable, Codable {
    public var id: String
    public var service: String
    public var branch: String
    public var environment: String
    public var branchRegex: String

    public init(id: String, service: String, branch: String = "", environment: String, branchRegex: String = "") {
        self.id = id
        self.service = service
        self.branch = branch
        self.environment = environment
        self.branchRegex = branchRegex
    }

    enum CodingKeys: String, CodingKey { case id, service, branch, environment, branchRegex }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.goString(.id)
        service = try container.goString(.service)
        branch = try container.goString(.branch)
        environment = try container.goString(.environment)
        branchRegex = try container.goString(.branchRegex)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(id, forKey: .id)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(branch, forKey: .branch)
        try container.encodeOmitEmpty(environment, forKey: .environment)
        try container.encodeOmitEmpty(branchRegex, forKey: .branchRegex)
    }
}

/// `DELETE /policies` body.
public struct DeletePolicyRequest: Sendable, Hashable, Codable {
    public var service: String
    public var policyIDs: [String]
    public var committerName: String
    public var committerEmail: String

    public init(service: String, policyIDs: [String], committerName: String = "", committerEmail: String = "") {
        self.service = service
        self.policyIDs = policyIDs
        self.committerName = committerName
        self.committerEmail = committerEmail
    }

    /// Ids trimmed, blanks dropped.
    public var cleanedPolicyIDs: [String] {
        policyIDs.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    enum CodingKeys: String, CodingKey { case service, policyIDs = "policyIds", committerName, committerEmail }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.goString(.service)
        policyIDs = try container.decodeIfPresent([String].self, forKey: .policyIDs) ?? []
        committerName = try container.goString(.committerName)
        committerEmail = try container.goString(.committerEmail)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(policyIDs, forKey: .policyIDs)
        try container.encodeOmitEmpty(committerName, forKey: .committerName)
        try container.encodeOmitEmpty(committerEmail, forKey: .committerEmail)
    }

    /// The reference's items (including its quirk: an empty service also reports
    /// `committerEmail`) and the misspelt `no policy ids suplied`.
    public func validationErrors() -> [String] {
        var errors: [String] = []
        if service.isBlank {
            errors.append(ErrorResponse.requiredField("service"))
            errors.append(ErrorResponse.requiredField("committerEmail"))
        } else {
            do { try Name.validate(service, as: .service) } catch { errors.append(error.description) }
        }
        if cleanedPolicyIDs.isEmpty { errors.append("no policy ids suplied") }
        return errors
    }
}

/// `DELETE /policies` answer; `count` omitted when 0.
public struct DeletePolicyResponse: Sendable, Hashable, Codable {
    public var service: String
    public var count: Int

    public init(service: String, count: Int) {
        self.service = service
        self.count = count
    }

    enum CodingKeys: String, CodingKey { case service, count }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.goString(.service)
        count = try container.goInt(.count)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(service, forKey: .service)
        try container.encodeOmitEmpty(count, forKey: .count)
    }
}
