import Crypto
import Foundation
import GoCompat
import ReleaseModel

/// An artifact as stored: what CI uploaded for one build of a service (its `artifact.json` and
/// the manifests for every environment), and when it arrived.
///
/// The files are not loaded with it; ask the store for ``MoonbaseStore/artifactFiles(service:id:environment:)``.
public struct Artifact: Sendable, Hashable {
    /// The spec, parsed from ``specJSON``.
    public var spec: ArtifactSpec
    /// `artifact.json` exactly as uploaded.
    public var specJSON: Data
    /// When the server stored it (upload order is the order of these, ties broken by arrival).
    public var createdAt: Date
    /// The service's `shuttle.yaml`, when CI uploaded it with the artifact.
    public var serviceSpec: ServiceSpec?

    public init(spec: ArtifactSpec, specJSON: Data, createdAt: Date, serviceSpec: ServiceSpec? = nil) {
        self.spec = spec
        self.specJSON = specJSON
        self.createdAt = createdAt
        self.serviceSpec = serviceSpec
    }

    public var id: String { spec.id }
    public var service: String { spec.service }
    public var branch: String { spec.application.branch }
    public var squad: String { spec.squad }
}

/// An artifact to store: the uploaded `artifact.json`, the manifest files, and the service's
/// `shuttle.yaml` when CI sent it.
public struct ArtifactUpload: Sendable, Hashable {
    public var spec: ArtifactSpec
    public var specJSON: Data
    public var files: [ArtifactFile]
    public var serviceSpec: ServiceSpec?

    /// Parses `specJSON`; the spec must name its service and id.
    public init(specJSON: Data, files: [ArtifactFile], serviceSpec: ServiceSpec? = nil) throws(StoreError) {
        let spec: ArtifactSpec
        do {
            spec = try ArtifactSpec(jsonData: specJSON)
        } catch {
            throw .invalidArtifactSpec(error.description)
        }
        if spec.service.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .invalidArtifactSpec("the artifact has no service")
        }
        if spec.id.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .invalidArtifactSpec("the artifact has no id")
        }
        for file in files { try file.validate() }
        var seen = Set<String>()
        for file in files where !seen.insert(file.environment + "/" + file.path).inserted {
            throw .invalidArtifactFile(environment: file.environment, path: file.path, reason: "the file is listed twice")
        }
        self.spec = spec
        self.specJSON = specJSON
        self.files = files
        self.serviceSpec = serviceSpec
    }

    /// The environments with files, sorted.
    public var environments: [String] { Set(files.map(\.environment)).sorted() }

    /// The files with their content addresses.
    public var addressedFiles: [(file: ArtifactFile, sha256: String)] {
        files.map { ($0, $0.sha256) }
    }

    /// A digest of everything uploaded (spec bytes, then every file's place and content address
    /// in a fixed order, then the service's spec): equal for an identical re-upload, different
    /// for any change.
    public static func contentDigest(specJSON: Data, files: [(file: ArtifactFile, sha256: String)], serviceSpec: ServiceSpec?) -> String {
        var hasher = Crypto.SHA256()
        hasher.update(data: Array(Crypto.SHA256.hash(data: specJSON)))
        if let serviceSpec {
            // Only when present, so that digests of uploads without one stay as they were.
            hasher.update(data: Array("\nshuttle.yaml\u{0}".utf8) + Array(Crypto.SHA256.hash(data: Data(serviceSpec.text.utf8))))
        }
        let ordered = files.sorted { ($0.file.environment, $0.file.path) < ($1.file.environment, $1.file.path) }
        for (file, sha256) in ordered {
            hasher.update(data: Array("\n\(file.environment)\u{0}\(file.path)\u{0}\(sha256)".utf8))
        }
        return Hex.encode(hasher.finalize())
    }
}

/// A page of a service's artifacts, newest first, with how many there are in all.
public struct ArtifactList: Sendable, Hashable {
    public var artifacts: [Artifact]
    /// Artifacts matching the query, across all pages.
    public var total: Int

    public init(artifacts: [Artifact], total: Int) {
        self.artifacts = artifacts
        self.total = total
    }
}

/// What storing an artifact did.
public enum ArtifactStoreOutcome: Sendable, Hashable {
    /// The artifact is new and was stored.
    case stored
    /// The same artifact with identical content was already stored; nothing changed.
    case alreadyStored
}
