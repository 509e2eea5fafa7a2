import Foundation
import GoCompat

/// Why a release happened. Recorded in the release commit's trailers and sent by hamctl.
///
/// JSON (spec §1.3) always carries the three payload objects, empty when unused:
/// `{"type":"Rollback","releaseBranch":{},"promote":{},"rollback":{"previousArtifactId":"…"}}`.
public enum Intent: Sendable, Hashable {
    /// A given artifact id.
    case releaseArtifact
    /// The latest artifact of a branch.
    case releaseBranch(branch: String)
    /// The artifact that runs in another environment (or, from `master`, the branch's latest).
    case promote(fromEnvironment: String)
    /// An earlier artifact, replacing `previousArtifactID`.
    case rollback(previousArtifactID: String)
    /// Released by an auto-release policy.
    case autoRelease

    /// The JSON and trailer name of the kind.
    public var type: String {
        switch self {
        case .releaseArtifact: "ReleaseArtifact"
        case .releaseBranch: "ReleaseBranch"
        case .promote: "Promote"
        case .rollback: "Rollback"
        case .autoRelease: "AutoRelease"
        }
    }

    public static let types = ["ReleaseArtifact", "ReleaseBranch", "Promote", "Rollback", "AutoRelease"]

    /// hamctl's text for the intent: `artifact release`, `master branch release`, …
    public var text: String {
        switch self {
        case .releaseArtifact: "artifact release"
        case .releaseBranch(let branch): "\(branch) branch release"
        case .promote(let from): "promotion from \(from)"
        case .rollback(let previous): "rollback of \(previous)"
        case .autoRelease: "autorelease"
        }
    }

    /// The `<intentText>` of the release API's error messages (§1.3), e.g.
    /// `cannot release <intentText> to environment 'prod' due to branch restriction policy`.
    public func errorPhrase(artifactID: String) -> String {
        switch self {
        case .releaseBranch(let branch): "branch '\(branch)' with artifact '\(artifactID)'"
        case .releaseArtifact: "artifact '\(artifactID)'"
        case .promote(let from): "promotion from '\(from)' with artifact '\(artifactID)'"
        case .rollback(let previous): "rollback to artifact '\(artifactID)' from artifact '\(previous)'"
        case .autoRelease: "autorelease artifact '\(artifactID)'"
        }
    }

    /// The phrase for a request whose intent type is missing or unknown.
    public static func invalidErrorPhrase(artifactID: String) -> String {
        "invalid intent with artifact '\(artifactID)'"
    }
}

/// An intent's JSON had an empty or unknown `type`.
public struct InvalidIntentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var type: String

    public var description: String {
        type.isEmpty ? "required intent is not specified" : "intent type '\(type)' is not valid"
    }
}

extension Intent: Codable {
    enum CodingKeys: String, CodingKey {
        case type, releaseBranch, promote, rollback
    }

    struct ReleaseBranchPayload: Codable { var branch: String? }
    struct PromotePayload: Codable { var fromEnvironment: String? }
    struct RollbackPayload: Codable { var previousArtifactId: String? }

    /// Decodes leniently (unknown fields ignored); an empty or unknown `type` throws
    /// ``InvalidIntentError``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decodeIfPresent(String.self, forKey: .type) ?? ""
        switch type {
        case "ReleaseArtifact":
            self = .releaseArtifact
        case "ReleaseBranch":
            let payload = try container.decodeIfPresent(ReleaseBranchPayload.self, forKey: .releaseBranch)
            self = .releaseBranch(branch: payload?.branch ?? "")
        case "Promote":
            let payload = try container.decodeIfPresent(PromotePayload.self, forKey: .promote)
            self = .promote(fromEnvironment: payload?.fromEnvironment ?? "")
        case "Rollback":
            let payload = try container.decodeIfPresent(RollbackPayload.self, forKey: .rollback)
            self = .rollback(previousArtifactID: payload?.previousArtifactId ?? "")
        case "AutoRelease":
            self = .autoRelease
        default:
            throw InvalidIntentError(type: type)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        var branch: String?
        var from: String?
        var previous: String?
        switch self {
        case .releaseBranch(let value): branch = value
        case .promote(let value): from = value
        case .rollback(let value): previous = value
        case .releaseArtifact, .autoRelease: break
        }
        var releaseBranch = container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .releaseBranch)
        if let branch, !branch.isEmpty { try releaseBranch.encode(branch, forKey: AnyCodingKey("branch")) }
        var promote = container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .promote)
        if let from, !from.isEmpty { try promote.encode(from, forKey: AnyCodingKey("fromEnvironment")) }
        var rollback = container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .rollback)
        if let previous, !previous.isEmpty { try rollback.encode(previous, forKey: AnyCodingKey("previousArtifactId")) }
    }
}
