import Foundation
import ReleaseModel

/// The artifact released to one environment and namespace, as committed, and the commit that
/// released it.
public struct ReleasedArtifact: Sendable, Hashable {
    public var environment: String
    public var namespace: String
    /// The service folder the release is in.
    public var service: String
    public var spec: ArtifactSpec
    /// The `artifact.json` bytes as committed.
    public var specData: Data
    /// The last commit that changed the release's `artifact.json`.
    public var commit: String
    /// When that commit was made (its committer time).
    public var releasedAt: GoTime
    /// The releaser named by that commit's message (empty for a commit that is not a release
    /// commit, e.g. one written by hand).
    public var releasedBy: Person
}

/// Reads of the committed state: everything here reads `HEAD` with `git` (never the working
/// tree), so a reader never sees a release or policy change the writer is half-way through.
extension ConfigRepository {
    /// The environments: top-level folders of `HEAD` that are valid environment names (so not
    /// `policies`, `clusters` or hidden folders). Sorted.
    public func environments() async throws(ConfigRepositoryError) -> [String] {
        let output = try await run(["ls-tree", "-d", "--name-only", "HEAD"])
        return output.text.split(separator: "\n").map(String.init)
            .filter { Name.isValid($0, as: .environment) }
            .sorted()
    }

    /// The artifact currently released to `environment`/`namespace` for `service`, or nil when
    /// none is.
    public func currentArtifact(environment: String, namespace: String, service: String) async throws(ConfigRepositoryError) -> ReleasedArtifact? {
        try await releasedArtifacts([(environment, namespace, service)]).first
    }

    /// What `service` runs in every environment (spec §2.5). `namespace` nil means each
    /// environment's default namespace (its own name). Environments without a release are left out.
    public func status(service: String, namespace: String? = nil) async throws(ConfigRepositoryError) -> [ReleasedArtifact] {
        let releases = try await environments().map { ($0, namespace ?? $0, service) }
        return try await releasedArtifacts(releases)
    }

    /// Every service released to `environment`, in every namespace, sorted by namespace and
    /// service.
    public func releases(environment: String) async throws(ConfigRepositoryError) -> [(service: String, release: ReleasedArtifact)] {
        do {
            try Name.validate(environment, as: .environment)
        } catch {
            throw .invalidName(error)
        }
        let listing = try await run(["ls-tree", "-r", "--name-only", "HEAD", "--", "\(environment)/releases/"])
        let releases = listing.text.split(separator: "\n").compactMap { line -> (String, String, String)? in
            let segments = line.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard segments.count == 5, segments[1] == "releases", segments[4] == layout.artifactFileName,
                  Name.isValid(segments[2], as: .namespace), Name.isValid(segments[3], as: .service)
            else { return nil }
            return (environment, segments[2], segments[3])
        }.sorted { ($0.1, $0.2) < ($1.1, $1.2) }
        return try await releasedArtifacts(releases).map { ($0.service, $0) }
    }

    /// The committed releases among `(environment, namespace, service)`, in the given order,
    /// with the commits that released them. Two git commands whatever the count.
    func releasedArtifacts(_ releases: [(environment: String, namespace: String, service: String)]) async throws(ConfigRepositoryError) -> [ReleasedArtifact] {
        var paths: [String] = []
        for release in releases {
            do {
                paths.append(try layout.artifactFile(environment: release.environment, namespace: release.namespace, service: release.service))
            } catch {
                throw .invalidName(error)
            }
        }
        let files = try await committedFiles(paths)
        var found: [(path: String, release: (environment: String, namespace: String, service: String), spec: ArtifactSpec, data: Data)] = []
        for (path, release) in zip(paths, releases) {
            guard let data = files[path] else { continue }
            do {
                found.append((path, release, try ArtifactSpec(jsonData: data), data))
            } catch {
                throw .artifact(path: path, error)
            }
        }
        let commits = try await lastCommits(changing: found.map(\.path))
        return found.compactMap { item in
            guard let commit = commits[item.path] else { return nil }
            return ReleasedArtifact(
                environment: item.release.environment, namespace: item.release.namespace, service: item.release.service,
                spec: item.spec, specData: item.data, commit: commit.hash, releasedAt: commit.committedAt,
                releasedBy: ReleaseCommitMessage.parse(commit.message)?.releasedBy ?? Person(name: "", email: "")
            )
        }
    }

    /// The newest commit of `HEAD` changing each of `paths` (one `git log`, read until every
    /// path is found).
    func lastCommits(changing paths: [String]) async throws(ConfigRepositoryError) -> [String: LogRecord] {
        guard !paths.isEmpty else { return [:] }
        var wanted = Set(paths)
        var commits: [String: LogRecord] = [:]
        for record in try await log(limit: Int.max, pathspecs: paths) {
            for file in record.files where wanted.contains(file) {
                commits[file] = record
                wanted.remove(file)
            }
            if wanted.isEmpty { break }
        }
        return commits
    }

    /// Files of `revision` (a commit id or `HEAD`) by path, read with one `git cat-file --batch`.
    /// Paths the revision does not hold as files are left out.
    func committedFiles(_ paths: [String], at revision: String = "HEAD") async throws(ConfigRepositoryError) -> [String: Data] {
        guard !paths.isEmpty else { return [:] }
        guard revision == "HEAD" || (!revision.isEmpty && revision.count <= 64 && revision.allSatisfy({ $0.isHexDigit })) else {
            throw .unsafePath(revision)
        }
        let input = paths.map { "\(revision):\($0)\n" }.joined()
        let output = try await attempt(["cat-file", "--batch"], input: input)
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
}

extension ReleasedArtifact {
    /// The release as `GET /status` lists it, with the commit that released it.
    public var status: EnvironmentStatus {
        var status = EnvironmentStatus(environment: environment, spec: spec)
        status.releaseCommit = commit
        status.releasedAt = releasedAt
        status.releasedByName = releasedBy.name
        status.releasedByEmail = releasedBy.email
        return status
    }
}
