import Foundation

/// One file of an artifact: a manifest CI rendered for one environment, at a path relative to
/// that environment's folder (`deployment.yaml`, `jobs/migrate.yaml`).
///
/// In the artifact archive it sits at `<environment>/<path>`; a release copies the files of
/// one environment into `<environment>/releases/<namespace>/<service>/`.
public struct ArtifactFile: Sendable, Hashable {
    public var environment: String
    public var path: String
    public var content: Data

    public init(environment: String, path: String, content: Data) {
        self.environment = environment
        self.path = path
        self.content = content
    }

    /// The SHA-256 of the content as lowercase hexadecimal: the address it is stored under.
    public var sha256: String { ContentHash.sha256Hex(content) }

    /// Refuses names that could leave the environment's folder: an environment must be one
    /// plain path segment, a path relative with no empty, `.` or `..` segments.
    func validate() throws(StoreError) {
        func fail(_ reason: String) -> StoreError {
            .invalidArtifactFile(environment: environment, path: path, reason: reason)
        }
        if environment.isEmpty { throw fail("the environment is empty") }
        if environment.contains("/") || environment.contains("\\") || environment == "." || environment == ".." {
            throw fail("the environment must be a single folder name")
        }
        if path.isEmpty { throw fail("the path is empty") }
        if path.hasPrefix("/") { throw fail("the path is absolute") }
        if path.contains("\\") { throw fail("the path contains a backslash") }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            throw fail("the path contains control characters")
        }
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty || segment == "." || segment == ".." {
                throw fail("the path has an empty, '.' or '..' segment")
            }
        }
    }
}
