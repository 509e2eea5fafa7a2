import Foundation

/// One manifest of a release: its path inside the environment's folder of the artifact
/// (sub-folders kept) and its bytes.
public struct ReleaseFile: Sendable, Hashable {
    public var path: String
    public var contents: Data

    public init(path: String, contents: Data) {
        self.path = path
        self.contents = contents
    }

    /// Why `path` cannot be written inside a release folder, or nil when it can: it must be
    /// relative, without `.`/`..`/empty segments, control characters or a `.git` segment.
    public static func problem(with path: String) -> String? {
        if path.isEmpty { return "the path is empty" }
        if path.hasPrefix("/") || path.hasPrefix("\\") { return "the path is absolute" }
        if path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the path contains control characters"
        }
        if path.contains("\\") { return "the path contains a backslash" }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if segments.contains(where: { $0.isEmpty }) { return "the path has an empty segment" }
        if segments.contains(where: { $0 == "." || $0 == ".." }) { return "the path contains '.' or '..'" }
        if segments.contains(where: { $0.lowercased() == ".git" }) { return "the path contains '.git'" }
        return nil
    }
}
