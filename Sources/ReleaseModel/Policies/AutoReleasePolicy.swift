import Foundation

/// Release the newest artifact of `branch` to `environment` when it arrives.
public struct AutoReleasePolicy: Sendable, Hashable, Codable {
    public var id: String
    public var branch: String
    public var environment: String

    public init(id: String, branch: String, environment: String) {
        self.id = id
        self.branch = branch
        self.environment = environment
    }

    /// `auto-release-<branch>-<environment>`.
    public static func id(branch: String, environment: String) -> String {
        "auto-release-\(branch)-\(environment)"
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, branch, environment
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.goString(.id)
        branch = try container.goString(.branch)
        environment = try container.goString(.environment)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(id, forKey: .id)
        try container.encodeOmitEmpty(branch, forKey: .branch)
        try container.encodeOmitEmpty(environment, forKey: .environment)
    }
}
