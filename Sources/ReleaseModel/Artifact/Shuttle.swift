import Foundation

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
