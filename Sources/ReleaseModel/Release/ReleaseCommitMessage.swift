import Foundation

/// The message of a release commit in the config repository (spec §3.3):
///
/// ```
/// [<env>/<service>] <verb> <artifactId> by <releaserEmail>
///
/// Service: <service>
/// Environment: <env>
/// Artifact-ID: <artifactId>
/// Artifact-released-by: <releaserName> <<releaserEmail>>
/// Artifact-created-by: <authorName> <<authorEmail>>
/// Release-intent: <ReleaseArtifact|ReleaseBranch|Promote|Rollback|AutoRelease>
/// [Release-of-branch | Promoted-from-environment | Rollback-of-artifact-id: <value>]
/// [Release-reason: <reason>]                (Moonbase: why, e.g. of a rollback)
/// ```
public struct ReleaseCommitMessage: Sendable, Hashable {
    public var service: String
    public var environment: String
    public var artifactID: String
    public var releasedBy: Person
    public var createdBy: Person
    public var intent: Intent
    /// Moonbase: why the release was made (written as a `Release-reason` trailer when not empty).
    public var reason: String

    public init(service: String, environment: String, artifactID: String, releasedBy: Person, createdBy: Person, intent: Intent, reason: String = "") {
        self.service = service
        self.environment = environment
        self.artifactID = artifactID
        self.releasedBy = releasedBy
        self.createdBy = createdBy
        self.intent = intent
        self.reason = reason
    }

    public enum Field {
        public static let service = "Service"
        public static let environment = "Environment"
        public static let artifactID = "Artifact-ID"
        public static let releasedBy = "Artifact-released-by"
        public static let createdBy = "Artifact-created-by"
        public static let intent = "Release-intent"
        public static let branch = "Release-of-branch"
        public static let promotedFrom = "Promoted-from-environment"
        public static let rollbackOf = "Rollback-of-artifact-id"
        public static let reason = "Release-reason"
    }

    /// `rollback`, `auto release` or `release`.
    public var verb: String {
        switch intent {
        case .rollback: "rollback"
        case .autoRelease: "auto release"
        default: "release"
        }
    }

    /// The full message, as the reference writes it (no trailing newline). Line breaks and other
    /// control characters inside values become spaces so no value can forge a trailer.
    public var text: String {
        let clean = Self.singleLine
        var lines = [
            "[\(clean(environment))/\(clean(service))] \(verb) \(clean(artifactID)) by \(clean(releasedBy.email))",
            "",
            "\(Field.service): \(clean(service))",
            "\(Field.environment): \(clean(environment))",
            "\(Field.artifactID): \(clean(artifactID))",
            "\(Field.releasedBy): \(clean(releasedBy.name)) <\(clean(releasedBy.email))>",
            "\(Field.createdBy): \(clean(createdBy.name)) <\(clean(createdBy.email))>",
            "\(Field.intent): \(intent.type)",
        ]
        switch intent {
        case .releaseBranch(let branch): lines.append("\(Field.branch): \(clean(branch))")
        case .promote(let from): lines.append("\(Field.promotedFrom): \(clean(from))")
        case .rollback(let previous): lines.append("\(Field.rollbackOf): \(clean(previous))")
        case .releaseArtifact, .autoRelease: break
        }
        let reason = clean(reason).trimmingCharacters(in: .whitespaces)
        if !reason.isEmpty { lines.append("\(Field.reason): \(reason)") }
        return lines.joined(separator: "\n")
    }

    static func singleLine(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" ? " " : scalar
        }))
    }

    // MARK: Parsing

    /// The title of release commits: `[env/service] verb [previous to ]artifactId[ by email]`.
    private static let titlePattern: NSRegularExpression? = try? NSRegularExpression(
        pattern: #"^\[([^/]+)/(.*)\] (auto release|[a-z]+)(?: ([^ ]+) to)? ([^ ]+)(?: by (.*))?$"#
    )

    /// Reads a commit message back. `nil` when it is not a release commit: no release title
    /// and no `Release-intent` trailer, a legacy artifact commit (`[svc] artifact <id> by …`), or
    /// a policy commit. Trailers win over what the title says; legacy titles without trailers
    /// still give service, environment, artifact id, releaser email and (rollback/auto release)
    /// intent.
    public static func parse(_ message: String) -> ReleaseCommitMessage? {
        var lines = message.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let title = lines.first, !title.isEmpty else { return nil }

        var fields: [String: String] = [:]
        var index = lines.count - 1
        while index > 0, let field = Self.field(lines[index]) {
            if fields[field.name] == nil { fields[field.name] = field.value }
            index -= 1
        }

        let titleMatch = Self.matchTitle(title)
        if titleMatch == nil && fields[Field.intent] == nil { return nil }
        if titleMatch?.type == "artifact" { return nil }

        let createdBy = fields[Field.createdBy].flatMap(Person.init(parsing:)) ?? Person(name: "", email: "")
        var releasedBy = fields[Field.releasedBy].flatMap(Person.init(parsing:)) ?? Person(name: "", email: "")
        if releasedBy.email.isEmpty, let titleMatch {
            releasedBy = Person(name: "", email: titleMatch.email)
        }

        let intent: Intent
        switch fields[Field.intent] ?? "" {
        case "ReleaseArtifact": intent = .releaseArtifact
        case "ReleaseBranch": intent = .releaseBranch(branch: fields[Field.branch] ?? "")
        case "Promote": intent = .promote(fromEnvironment: fields[Field.promotedFrom] ?? "")
        case "Rollback": intent = .rollback(previousArtifactID: fields[Field.rollbackOf] ?? "")
        case "AutoRelease": intent = .autoRelease
        default:
            switch titleMatch?.type {
            case "rollback": intent = .rollback(previousArtifactID: titleMatch?.previous ?? "")
            case "auto release": intent = .autoRelease
            default: intent = .releaseArtifact
            }
        }

        func value(_ name: String, _ fallback: String?) -> String {
            if let field = fields[name], !field.isEmpty { return field }
            return fallback ?? ""
        }
        return ReleaseCommitMessage(
            service: value(Field.service, titleMatch?.service),
            environment: value(Field.environment, titleMatch?.environment),
            artifactID: value(Field.artifactID, titleMatch?.artifactID),
            releasedBy: releasedBy,
            createdBy: createdBy,
            intent: intent,
            reason: fields[Field.reason] ?? ""
        )
    }

    private struct TitleMatch {
        var environment: String
        var service: String
        var type: String
        var previous: String?
        var artifactID: String
        var email: String
    }

    private static func matchTitle(_ title: String) -> TitleMatch? {
        guard let pattern = titlePattern else { return nil }
        let range = NSRange(title.startIndex..., in: title)
        guard let match = pattern.firstMatch(in: title, range: range) else { return nil }
        func group(_ number: Int) -> String? {
            guard let groupRange = Range(match.range(at: number), in: title) else { return nil }
            return String(title[groupRange])
        }
        return TitleMatch(
            environment: group(1) ?? "", service: group(2) ?? "", type: group(3) ?? "",
            previous: group(4), artifactID: group(5) ?? "", email: group(6) ?? ""
        )
    }

    /// `Name: value` where the name is letters and dashes; the value trimmed of spaces.
    private static func field(_ line: String) -> (name: String, value: String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let name = line[..<colon]
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else { return nil }
        let value = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " "))
        return (String(name), value)
    }
}
