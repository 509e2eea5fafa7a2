/// Git emails mapped to company emails (`--user-mappings` / `USER_MAPPINGS`,
/// `<git email>=<company email>,…`). `init` replaces an author or committer email that does not
/// end with `--email-suffix` by its mapping, so the artifact names people by their company
/// address even when they commit with a private one.
public struct UserMappings: Sendable, Equatable {
    public var emails: [String: String]

    public init(_ emails: [String: String] = [:]) {
        self.emails = emails
    }

    /// Parses entries as the flag takes them: each may hold several mappings separated by
    /// commas; empty entries are ignored. `source` names the flag or variable in errors.
    public init(parsing entries: [String], source: String) throws(ArtifactError) {
        var emails: [String: String] = [:]
        for entry in entries {
            for mapping in entry.split(separator: ",", omittingEmptySubsequences: true) {
                let parts = mapping.split(separator: "=", omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty,
                      !parts[1].trimmingCharacters(in: .whitespaces).isEmpty
                else {
                    throw ArtifactError("invalid user mapping '\(mapping)' in \(source): expected <git email>=<company email>")
                }
                emails[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        self.emails = emails
    }

    /// The email to record for `email`: itself when it ends with `suffix`, else its mapping when
    /// there is one. `missing` is set when a mapping was needed and not found.
    public func email(for email: String, suffix: String) -> (email: String, missing: Bool) {
        if email.isEmpty || email.hasSuffix(suffix) { return (email, false) }
        if let mapped = emails[email] { return (mapped, false) }
        return (email, true)
    }
}
