import Foundation
import ReleaseModel

/// Where things live in the config repository (spec §3.1), as paths relative to its root:
///
/// ```
/// policies/<service>.json
/// <env>/releases/<namespace>/<service>/artifact.json and the manifests
/// clusters/<env>/<namespace>/<service>.yaml   (Flux Kustomization)
/// ```
///
/// Every name is validated first, so a relative path never contains `..`, an absolute part or
/// a separator inside a name.
public struct RepositoryLayout: Sendable, Hashable {
    /// The name of the artifact spec file in a release folder.
    public var artifactFileName: String

    public init(artifactFileName: String = "artifact.json") {
        self.artifactFileName = artifactFileName
    }

    public static let policiesFolder = "policies"
    public static let clustersFolder = "clusters"

    public func releaseFolder(environment: String, namespace: String, service: String) throws(InvalidNameError) -> String {
        try Name.validate(environment, as: .environment)
        try Name.validate(namespace, as: .namespace)
        try Name.validate(service, as: .service)
        return "\(environment)/releases/\(namespace)/\(service)"
    }

    public func artifactFile(environment: String, namespace: String, service: String) throws(InvalidNameError) -> String {
        try releaseFolder(environment: environment, namespace: namespace, service: service) + "/" + artifactFileName
    }

    public func kustomizationFile(environment: String, namespace: String, service: String) throws(InvalidNameError) -> String {
        try Name.validate(environment, as: .environment)
        try Name.validate(namespace, as: .namespace)
        try Name.validate(service, as: .service)
        return "\(Self.clustersFolder)/\(environment)/\(namespace)/\(service).yaml"
    }

    public func policiesFile(service: String) throws(InvalidNameError) -> String {
        try Name.validate(service, as: .service)
        return "\(Self.policiesFolder)/\(service).json"
    }
}

/// Resolves repository-relative paths to file URLs that are guaranteed to stay inside the root.
struct SafeRoot: Sendable {
    let root: URL

    init(_ root: URL) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// The URL of `relative` inside the root. Throws when the path is absolute, climbs with
    /// `..`, or passes through an existing symbolic link.
    func url(_ relative: String) throws(ConfigRepositoryError) -> URL {
        let components = relative.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !relative.hasPrefix("/"), !components.isEmpty,
              !components.contains(where: { $0 == ".." || $0 == "." || $0.contains("\0") })
        else { throw .unsafePath(relative) }
        var url = root
        for component in components {
            url.appendPathComponent(component)
            if Self.isSymbolicLink(url) { throw .unsafePath(relative) }
        }
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        guard url.standardizedFileURL.path.hasPrefix(rootPath) else { throw .unsafePath(relative) }
        return url
    }

    static func isSymbolicLink(_ url: URL) -> Bool {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFLNK
    }
}
