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

    /// The regular files under `folder` (recursively), paths relative to it. Symbolic links are
    /// refused.
    public static func files(in folder: URL) throws(ConfigRepositoryError) -> [ReleaseFile] {
        let fileManager = FileManager.default
        let base = folder.standardizedFileURL
        var files: [ReleaseFile] = []
        func walk(_ directory: URL, _ prefix: String) throws(ConfigRepositoryError) {
            let names: [String]
            do {
                names = try fileManager.contentsOfDirectory(atPath: directory.path).sorted()
            } catch {
                throw .file(path: directory.path, reason: "\(error)")
            }
            for name in names {
                let entry = directory.appendingPathComponent(name)
                let relative = prefix.isEmpty ? name : prefix + "/" + name
                if SafeRoot.isSymbolicLink(entry) {
                    throw .invalidReleaseFile(path: relative, reason: "symbolic links are not allowed")
                }
                var isDirectory: ObjCBool = false
                _ = fileManager.fileExists(atPath: entry.path, isDirectory: &isDirectory)
                if isDirectory.boolValue {
                    try walk(entry, relative)
                } else {
                    do {
                        files.append(ReleaseFile(path: relative, contents: try Data(contentsOf: entry)))
                    } catch {
                        throw .file(path: entry.path, reason: "\(error)")
                    }
                }
            }
        }
        try walk(base, "")
        return files
    }
}
