import Foundation

/// Only branches matching `branchRegex` may be released to `environment`. Global restrictions
/// (server configuration) have an empty id and cannot be deleted.
public struct BranchRestriction: Sendable, Hashable, Codable {
    public var id: String
    public var branchRegex: String
    public var environment: String

    public init(id: String, branchRegex: String, environment: String) {
        self.id = id
        self.branchRegex = branchRegex
        self.environment = environment
    }

    /// `branch-restriction-<environment>`.
    public static func id(environment: String) -> String {
        "branch-restriction-\(environment)"
    }

    /// A global restriction (no id).
    public static func global(environment: String, branchRegex: String) -> BranchRestriction {
        BranchRestriction(id: "", branchRegex: branchRegex, environment: environment)
    }

    public var isGlobal: Bool { id.isEmpty }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, branchRegex, environment
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.goString(.id)
        branchRegex = try container.goString(.branchRegex)
        environment = try container.goString(.environment)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(id, forKey: .id)
        try container.encodeOmitEmpty(branchRegex, forKey: .branchRegex)
        try container.encodeOmitEmpty(environment, forKey: .environment)
    }
}
