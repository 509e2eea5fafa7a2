import Foundation
import GoCompat
import ReleaseModel

extension ConfigRepository {
    /// Every release commit of HEAD that changed an `artifact.json`, newest first (at most
    /// `limit`): what `moonbase reindex` needs to rebuild the release history of the store.
    public func releaseCommits(limit: Int = Int.max) async throws(ConfigRepositoryError) -> [ReleaseCommit] {
        let records = try await log(limit: limit, pathspecs: [":(glob)*/releases/*/*/\(layout.artifactFileName)"])
        return records.compactMap { record -> ReleaseCommit? in
            guard let message = ReleaseCommitMessage.parse(record.message) else { return nil }
            let namespace = record.files.lazy.compactMap { file -> String? in
                let segments = file.split(separator: "/", omittingEmptySubsequences: false)
                guard segments.count == 5, segments[0] == message.environment, segments[1] == "releases",
                      segments[3] == message.service, segments[4] == self.layout.artifactFileName else { return nil }
                return String(segments[2])
            }.first
            return ReleaseCommit(commit: record.hash, committedAt: record.committedAt, message: message, namespace: namespace)
        }
    }

    /// The `artifact.json` bytes of a release at a commit (`git show`, no checkout), or nil
    /// when the commit has no such file. `commit` is a commit id or `HEAD`; reading at `HEAD`
    /// sees only committed releases, never a write in progress, and answers from the snapshot.
    public func artifactData(at commit: String, environment: String, namespace: String, service: String) async throws(ConfigRepositoryError) -> Data? {
        let path: String
        do {
            path = try layout.artifactFile(environment: environment, namespace: namespace, service: service)
        } catch {
            throw .invalidName(error)
        }
        if commit == "HEAD" {
            return try await snapshots.snapshot(of: self).releases[path]?.data
        }
        try Self.checkCommitID(commit)
        let output = try await attempt(["show", "\(commit):\(path)"])
        return output.exitCode == 0 ? output.stdout : nil
    }

    /// The files of a release at a commit as its artifact had them for that environment (what
    /// `moonbase reindex` restores an artifact from): the release folder's files but
    /// `artifact.json`, paths relative to the folder, and the Flux Kustomization the release
    /// moved to `clusters/<env>/<namespace>/<service>.yaml` put back as
    /// ``restoredKustomizationName``, where the next release of it finds it again. Empty when
    /// the commit has no such folder.
    public func releaseFiles(at commit: String, environment: String, namespace: String, service: String) async throws(ConfigRepositoryError) -> [ReleaseFile] {
        let folder: String
        let kustomization: String
        do {
            folder = try layout.releaseFolder(environment: environment, namespace: namespace, service: service)
            kustomization = try layout.kustomizationFile(environment: environment, namespace: namespace, service: service)
        } catch {
            throw .invalidName(error)
        }
        try Self.checkCommitID(commit)
        let listing = try await run(["ls-tree", "-r", "-z", "--name-only", commit, "--", folder + "/", kustomization])
        let paths = listing.stdout.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        let contents = try await committedFiles(paths, at: commit)
        var files: [ReleaseFile] = []
        for path in paths where path.hasPrefix(folder + "/") && path != folder + "/" + layout.artifactFileName {
            if let data = contents[path] { files.append(ReleaseFile(path: String(path.dropFirst(folder.count + 1)), contents: data)) }
        }
        if let data = contents[kustomization], !files.contains(where: { $0.path == Self.restoredKustomizationName }) {
            files.append(ReleaseFile(path: Self.restoredKustomizationName, contents: data))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The name a restored artifact gives the Flux Kustomization its release had moved out.
    public static let restoredKustomizationName = "flux-kustomization.yaml"
}
