import Foundation
import GoCompat
import ReleaseModel

/// Reads of the committed state: everything here answers from the snapshot of `HEAD` (never
/// the working tree), so a reader never sees a release or policy change the writer is half-way
/// through, and a read costs no git process unless `HEAD` moved since the last one.
extension ConfigRepository {
    /// The environments: top-level folders of `HEAD` that are valid environment names (so not
    /// `policies`, `clusters` or hidden folders). Sorted.
    public func environments() async throws(ConfigRepositoryError) -> [String] {
        try await snapshots.snapshot(of: self).topLevelFolders.filter { Name.isValid($0, as: .environment) }
    }

    /// The artifact currently released to `environment`/`namespace` for `service`, or nil when
    /// none is.
    public func currentArtifact(environment: String, namespace: String, service: String) async throws(ConfigRepositoryError) -> ReleasedArtifact? {
        let path = try artifactPath(environment: environment, namespace: namespace, service: service)
        return try releasedArtifact(await snapshots.snapshot(of: self).releases[path], path: path)
    }

    /// What `service` runs in every environment (spec §2.5). `namespace` nil means each
    /// environment's default namespace (its own name). Environments without a release are left out.
    public func status(service: String, namespace: String? = nil) async throws(ConfigRepositoryError) -> [ReleasedArtifact] {
        let snapshot = try await snapshots.snapshot(of: self)
        var released: [ReleasedArtifact] = []
        for environment in snapshot.topLevelFolders where Name.isValid(environment, as: .environment) {
            let path = try artifactPath(environment: environment, namespace: namespace ?? environment, service: service)
            if let release = try releasedArtifact(snapshot.releases[path], path: path) { released.append(release) }
        }
        return released
    }

    /// Every service released to `environment`, in every namespace, sorted by namespace and
    /// service.
    public func releases(environment: String) async throws(ConfigRepositoryError) -> [(service: String, release: ReleasedArtifact)] {
        do {
            try Name.validate(environment, as: .environment)
        } catch {
            throw .invalidName(error)
        }
        let snapshot = try await snapshots.snapshot(of: self)
        var released: [(service: String, release: ReleasedArtifact)] = []
        for (path, release) in snapshot.releases where release.environment == environment {
            if let artifact = try releasedArtifact(release, path: path) { released.append((artifact.service, artifact)) }
        }
        return released.sorted { ($0.release.namespace, $0.service) < ($1.release.namespace, $1.service) }
    }

    private func artifactPath(environment: String, namespace: String, service: String) throws(ConfigRepositoryError) -> String {
        do {
            return try layout.artifactFile(environment: environment, namespace: namespace, service: service)
        } catch {
            throw .invalidName(error)
        }
    }

    /// A snapshot's release as the reads answer it; nil when there is none or no commit of the
    /// history released it.
    private func releasedArtifact(_ release: ConfigSnapshot.Release?, path: String) throws(ConfigRepositoryError) -> ReleasedArtifact? {
        guard let release, let commit = release.commit else { return nil }
        let spec: ArtifactSpec
        do {
            spec = try ArtifactSpec(jsonData: release.data)
        } catch {
            throw .artifact(path: path, error)
        }
        return ReleasedArtifact(
            environment: release.environment, namespace: release.namespace, service: release.service,
            spec: spec, specData: release.data, commit: commit.hash, releasedAt: commit.committedAt, releasedBy: commit.releasedBy
        )
    }

    /// Files of `revision` (a commit id or `HEAD`) by path, read with one `git cat-file --batch`.
    /// Paths the revision does not hold as files are left out.
    func committedFiles(_ paths: [String], at revision: String = "HEAD") async throws(ConfigRepositoryError) -> [String: Data] {
        guard !paths.isEmpty else { return [:] }
        if revision != "HEAD" { try Self.checkCommitID(revision) }
        let input = paths.map { "\(revision):\($0)\n" }.joined()
        let output = try await attempt(["cat-file", "--batch"], input: Data(input.utf8))
        guard output.exitCode == 0 else { throw .git(git.error(["cat-file", "--batch"], output)) }
        let bytes = [UInt8](output.stdout)
        var files: [String: Data] = [:]
        var position = 0
        for path in paths {
            // `<oid> <type> <size>\n<contents>\n`, or `<name> missing\n` (also `ambiguous`).
            guard let end = bytes[position...].firstIndex(of: 0x0A) else { break }
            let header = String(decoding: bytes[position..<end], as: UTF8.self).split(separator: " ")
            position = end + 1
            guard header.count == 3, let size = Int(header[2]) else { continue }
            guard position + size <= bytes.count else { break }
            if header[1] == "blob" {
                files[path] = Data(bytes[position..<(position + size)])
            }
            position += size + 1
        }
        return files
    }

    /// Refuses a revision that is not a commit id (hexadecimal), so that nothing the caller
    /// passes reaches git as an option or a revision expression.
    static func checkCommitID(_ commit: String) throws(ConfigRepositoryError) {
        guard !commit.isEmpty, commit.count <= 64, commit.allSatisfy({ $0.isHexDigit }) else { throw .unsafePath(commit) }
    }
}
