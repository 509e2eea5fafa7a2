import Foundation

/// Moonbase: when a rollout in `environment` fails (the cluster daemon reports it), release the
/// artifact that ran before with intent Rollback and a reason naming the failure.
public struct AutoRollbackPolicy: Sendable, Hashable, Codable {
    public var id: String
    public var environment: String

    public init(id: String, environment: String) {
        self.id = id
        self.environment = environment
    }

    /// `auto-rollback-<environment>`.
    public static func id(environment: String) -> String {
        "auto-rollback-\(environment)"
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, environment
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.goString(.id)
        environment = try container.goString(.environment)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(id, forKey: .id)
        try container.encodeOmitEmpty(environment, forKey: .environment)
    }
}
