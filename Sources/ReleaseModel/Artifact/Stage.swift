import Foundation
import GoCompat

/// One step of the pipeline recorded in `artifact.json`, with data that depends on its id.
public struct Stage: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// `nil` when the stage has no `data` (Go omits a nil `data`).
    public var data: StageData?

    public init(id: String, name: String = "", data: StageData? = nil) {
        self.id = id
        self.name = name
        self.data = data
    }

    /// A stage with the id and name the `artifact add` commands use for this data.
    public init(_ data: StageData) {
        self.init(id: data.stageID, name: data.defaultStageName, data: data)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, data
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.goString(.id)
        name = try container.goString(.name)
        guard container.contains(.data), try !container.decodeNil(forKey: .data) else {
            data = nil
            return
        }
        let raw = try container.decode(JSONValue.self, forKey: .data)
        data = StageData(stageID: id, raw: raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(id, forKey: .id)
        try container.encodeOmitEmpty(name, forKey: .name)
        if let data {
            try data.encode(into: &container, forKey: .data)
        }
    }
}
