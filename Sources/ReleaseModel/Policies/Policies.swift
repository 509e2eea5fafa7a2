import Foundation
import GoCompat

/// The release policies of one service: `policies/<service>.json` in the config repository
/// (spec §3.2). Written with 2-space indent and a trailing newline, empty lists omitted; read
/// strictly (an unknown field is an error naming it).
public struct Policies: Sendable, Hashable, Codable {
    public var service: String
    public var autoReleases: [AutoReleasePolicy]
    public var branchRestrictions: [BranchRestriction]
    /// Moonbase (omitted when empty, so the reference reads the file unchanged).
    public var autoRollbacks: [AutoRollbackPolicy]

    public init(
        service: String, autoReleases: [AutoReleasePolicy] = [], branchRestrictions: [BranchRestriction] = [],
        autoRollbacks: [AutoRollbackPolicy] = []
    ) {
        self.service = service
        self.autoReleases = autoReleases
        self.branchRestrictions = branchRestrictions
        self.autoRollbacks = autoRollbacks
    }

    /// Whether any policy is stored (a file whose lists are empty counts as no policies).
    public var hasPolicies: Bool { !autoReleases.isEmpty || !branchRestrictions.isEmpty || !autoRollbacks.isEmpty }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case service, autoReleases, branchRestrictions, autoRollbacks
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.goString(.service)
        autoReleases = try container.decodeIfPresent([AutoReleasePolicy].self, forKey: .autoReleases) ?? []
        branchRestrictions = try container.decodeIfPresent([BranchRestriction].self, forKey: .branchRestrictions) ?? []
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

/// Why a policies file could not be read.
public enum PoliciesFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case notParsable(String)
    case unknownField(String)

    public var description: String {
        switch self {
        case .notParsable(let reason): "policies not parsable: \(reason)"
        case .unknownField(let field): "policies contains unknown fields: unknown field \"\(field)\""
        }
    }
}

extension Policies {
    /// Reads a policies file. An empty (or whitespace-only) file is empty policies, as in the
    /// reference.
    public init(fileData: Data, service: String) throws(PoliciesFileError) {
        if fileData.allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) {
            self.init(service: service)
            return
        }
        do {
            _ = try JSONValue.parse(fileData)
        } catch {
            throw .notParsable(error.description)
        }
        do {
            self = try JSONDecoder().decode(Policies.self, from: fileData)
        } catch let error as UnknownFieldError {
            throw .unknownField(error.field)
        } catch let error as DecodingError {
            throw .notParsable(ArtifactSpec.describe(error))
        } catch {
            throw .notParsable("\(error)")
        }
    }

    /// The file's bytes: Go's `json.Encoder` with `SetIndent("", "  ")` (trailing newline).
    public func fileData() -> Data {
        (try? GoJSONEncoder(style: .indented, trailingNewline: true).encode(self)) ?? Data()
    }
}
