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
