import Foundation
import ReleaseModel

extension ReleaseFile {
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
