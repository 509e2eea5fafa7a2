import Foundation
import ReleaseModel

/// The artifact released to one environment and namespace, as read from the repository.
public struct ReleasedArtifact: Sendable, Hashable {
    public var environment: String
    public var namespace: String
    public var spec: ArtifactSpec
    /// The `artifact.json` bytes as committed.
    public var specData: Data
}

extension ConfigRepository {
    /// The environments: top-level folders that are valid environment names, except
    /// `policies`, `clusters` and hidden folders. Sorted.
    public func environments() throws(ConfigRepositoryError) -> [String] {
        let entries: [URL]
        do {
            entries = try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: [.isDirectoryKey])
        } catch {
            throw .file(path: root.path, reason: "\(error)")
        }
        return entries.compactMap { entry -> String? in
            let name = entry.lastPathComponent
            guard Name.isValid(name, as: .environment), !SafeRoot.isSymbolicLink(entry),
                  (try? entry.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true
            else { return nil }
            return name
        }.sorted()
    }

    /// The artifact currently released to `environment`/`namespace` for `service`, or nil when
    /// none is.
    public func currentArtifact(environment: String, namespace: String, service: String) throws(ConfigRepositoryError) -> ReleasedArtifact? {
        let relative: String
        do {
            relative = try layout.artifactFile(environment: environment, namespace: namespace, service: service)
        } catch {
            throw .invalidName(error)
        }
        guard let data = try readFile(relative) else { return nil }
        do {
            let spec = try ArtifactSpec(jsonData: data)
            return ReleasedArtifact(environment: environment, namespace: namespace, spec: spec, specData: data)
        } catch {
            throw .artifact(path: relative, error)
        }
    }

    /// What `service` runs in every environment (spec §2.5). `namespace` nil means each
    /// environment's default namespace (its own name). Environments without a release are left out.
    public func status(service: String, namespace: String? = nil) throws(ConfigRepositoryError) -> [ReleasedArtifact] {
        var releases: [ReleasedArtifact] = []
        for environment in try environments() {
            if let release = try currentArtifact(environment: environment, namespace: namespace ?? environment, service: service) {
                releases.append(release)
            }
        }
        return releases
    }

    /// Every service released to `environment`, in every namespace: `(namespace, service, artifact)`
    /// sorted by namespace and service.
    public func releases(environment: String) throws(ConfigRepositoryError) -> [(service: String, release: ReleasedArtifact)] {
        do {
            try Name.validate(environment, as: .environment)
        } catch {
            throw .invalidName(error)
        }
        let releasesFolder = try url("\(environment)/releases")
        let fileManager = FileManager.default
        var result: [(String, ReleasedArtifact)] = []
        let namespaces = ((try? fileManager.contentsOfDirectory(atPath: releasesFolder.path)) ?? []).sorted()
        for namespace in namespaces where Name.isValid(namespace, as: .namespace) {
            let services = ((try? fileManager.contentsOfDirectory(atPath: releasesFolder.appendingPathComponent(namespace).path)) ?? []).sorted()
            for service in services where Name.isValid(service, as: .service) {
                if let release = try currentArtifact(environment: environment, namespace: namespace, service: service) {
                    result.append((service, release))
                }
            }
        }
        return result
    }

    /// The bytes of a repository file, or nil when it does not exist (or is not a file).
    func readFile(_ relative: String) throws(ConfigRepositoryError) -> Data? {
        let file = try url(relative)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        do {
            return try Data(contentsOf: file)
        } catch {
            throw .file(path: relative, reason: "\(error)")
        }
    }
}
