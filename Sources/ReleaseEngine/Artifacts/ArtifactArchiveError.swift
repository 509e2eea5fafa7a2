/// Why an artifact archive was refused, naming the entry (when one is at fault) and the rule:
/// `artifact archive entry '../x' leaves the archive: entries must be relative paths inside it`.
public struct ArtifactArchiveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path of the offending entry as stored in the zip; nil when the archive as a whole is at fault.
    public var entry: String?
    /// What is wrong and, where it helps, how to fix it.
    public var problem: String

    public init(entry: String? = nil, _ problem: String) {
        self.entry = entry
        self.problem = problem
    }

    public var description: String {
        guard let entry else { return "artifact archive \(problem)" }
        return "artifact archive entry '\(Self.printable(entry))' \(problem)"
    }

    /// The path with control characters escaped (a NUL or newline in a name must show, not act).
    static func printable(_ path: String) -> String {
        let shown = path.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
        }.joined()
        return shown.count > 200 ? String(shown.prefix(200)) + "…" : shown
    }
}
