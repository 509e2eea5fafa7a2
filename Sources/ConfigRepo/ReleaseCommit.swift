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
        guard !commit.isEmpty, commit.count <= 64, commit.allSatisfy({ $0.isHexDigit }) else {
            throw .unsafePath(commit)
        }
        let output = try await attempt(["show", "\(commit):\(path)"])
        return output.exitCode == 0 ? output.stdout : nil
    }
}
