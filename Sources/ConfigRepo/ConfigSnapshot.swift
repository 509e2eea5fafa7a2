import Foundation
import GoCompat
import ReleaseModel

/// What the reads of a config repository need from one commit, held in memory: every release
/// folder's `artifact.json` with the last commit that changed it, every `policies/<service>.json`,
/// the object id of every file (so a batch of releases can tell in memory what it changes), and
/// how many files each top-level folder holds (for the environment list).
///
/// A snapshot is immutable. ``loaded(at:from:)`` reads a commit whole (`ls-tree`, one
/// `cat-file --batch`, one `log`); ``updated(to:from:)`` follows `HEAD` when it moves with a
/// handful of git processes whatever the repository's size: the diff of the two commits, the
/// changed files and the commits that changed them.
struct ConfigSnapshot: Sendable {
    /// An `artifact.json` as committed and the last commit that changed it.
    struct Release: Sendable {
        var environment: String
        var namespace: String
        var service: String
        var data: Data
        /// Nil when no commit of the history changed the file (not expected outside corrupt clones).
        var commit: CommitInfo?
    }

    struct CommitInfo: Sendable {
        var hash: String
        var committedAt: GoTime
        var releasedBy: Person
    }

    /// The commit the snapshot shows.
    private(set) var head: String
    /// Releases by `artifact.json` path.
    private(set) var releases: [String: Release]
    /// `policies/<service>.json` contents by path.
    private(set) var policies: [String: Data]
    /// Object ids of every file by path.
    private(set) var blobs: [String: String]
    private(set) var topLevelFileCounts: [String: Int]

    /// The top-level folders that hold files, sorted.
    var topLevelFolders: [String] { topLevelFileCounts.filter { $0.value > 0 }.keys.sorted() }

    /// Beyond this many changed files an update reads the commit whole instead.
    static let largestIncrementalUpdate = 2000

    /// Reads `commit` whole.
    static func loaded(at commit: String, from repository: ConfigRepository) async throws(ConfigRepositoryError) -> ConfigSnapshot {
        let listing = try await repository.run(["ls-tree", "-r", "-z", commit])
        var snapshot = ConfigSnapshot(head: commit, releases: [:], policies: [:], blobs: [:], topLevelFileCounts: [:])
        var wanted: [String] = []
        // `<mode> SP <type> SP <object> TAB <path>`
        for entry in listing.stdout.split(separator: 0).map({ String(decoding: $0, as: UTF8.self) }) {
            guard let tab = entry.firstIndex(of: "\t") else { continue }
            let path = String(entry[entry.index(after: tab)...])
            snapshot.blobs[path] = entry[..<tab].split(separator: " ").last.map(String.init)
            snapshot.topLevelFileCounts[topLevelFolder(of: path), default: 0] += 1
            if snapshot.tracks(path, layout: repository.layout) { wanted.append(path) }
        }
        try await snapshot.read(wanted, changed: wanted, since: nil, from: repository)
        return snapshot
    }

    /// The snapshot of `commit`, a commit that `HEAD` moved to from this snapshot's.
    func updated(to commit: String, from repository: ConfigRepository) async throws(ConfigRepositoryError) -> ConfigSnapshot {
        if commit == head { return self }
        // When the old commit is not an ancestor (a reset or rebase), unchanged files may have
        // been recommitted under other ids: read the new commit whole.
        let ancestry = try await repository.attempt(["merge-base", "--is-ancestor", head, commit])
        guard ancestry.exitCode == 0 else { return try await Self.loaded(at: commit, from: repository) }
        let diff = try await repository.run(["diff-tree", "-r", "-z", "--no-renames", "--raw", head, commit])
        let fields = diff.stdout.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard fields.count / 2 <= Self.largestIncrementalUpdate else { return try await Self.loaded(at: commit, from: repository) }
        var snapshot = ConfigSnapshot(head: commit, releases: releases, policies: policies, blobs: blobs, topLevelFileCounts: topLevelFileCounts)
        var changed: [String] = []
        var index = 0
        // `:<old mode> <new mode> <old object> <new object> <status>`, then the path.
        while index + 1 < fields.count {
            let (meta, path) = (fields[index].split(separator: " "), fields[index + 1])
            index += 2
            guard meta.count == 5 else { continue }
            let status = String(meta[4])
            let folder = Self.topLevelFolder(of: path)
            switch status.first {
            case "A": snapshot.topLevelFileCounts[folder, default: 0] += 1
            case "D": snapshot.topLevelFileCounts[folder, default: 0] -= 1
            default: break
            }
            snapshot.blobs[path] = status.first == "D" ? nil : String(meta[3])
            guard snapshot.tracks(path, layout: repository.layout) else { continue }
            snapshot.releases[path] = nil
            snapshot.policies[path] = nil
            if status.first != "D" { changed.append(path) }
        }
        try await snapshot.read(changed, changed: changed, since: head, from: repository)
        return snapshot
    }

    /// Records a release commit made on top of this snapshot's commit without asking git: the
    /// release folder's files become `files` (object ids by path, the moved Kustomization among
    /// them) and its `artifact.json` `artifactJSON`.
    mutating func recordRelease(commit: CommitInfo, folder: String, files: [String: String], artifactPath: String, release: Release) {
        for path in blobs.keys where path.hasPrefix(folder + "/") && files[path] == nil {
            blobs[path] = nil
            topLevelFileCounts[Self.topLevelFolder(of: path), default: 0] -= 1
        }
        for (path, id) in files {
            if blobs.updateValue(id, forKey: path) == nil {
                topLevelFileCounts[Self.topLevelFolder(of: path), default: 0] += 1
            }
        }
        var release = release
        release.commit = commit
        releases[artifactPath] = release
        head = commit.hash
    }

    /// Whether the release folder `folder` and the other `files` (object ids by path) are
    /// already exactly so.
    func holds(folder: String, files: [String: String]) -> Bool {
        files.allSatisfy { blobs[$0.key] == $0.value }
            && blobs.keys.allSatisfy { !$0.hasPrefix(folder + "/") || files[$0] != nil }
    }

    // MARK: Reading

    /// Reads `paths` at `head` and, for the `artifact.json` files among `changed`, the commits
    /// of `since..head` (all of history when nil) that last changed them.
    private mutating func read(_ paths: [String], changed: [String], since: String?, from repository: ConfigRepository) async throws(ConfigRepositoryError) {
        guard !paths.isEmpty else { return }
        let files = try await repository.committedFiles(paths, at: head)
        var releasePaths: [String] = []
        for path in paths {
            guard let data = files[path] else { continue }
            if path.hasPrefix(RepositoryLayout.policiesFolder + "/") {
                policies[path] = data
            } else {
                let segments = path.split(separator: "/").map(String.init)
                releases[path] = Release(environment: segments[0], namespace: segments[2], service: segments[3], data: data)
                releasePaths.append(path)
            }
        }
        let commits = try await lastCommits(changing: Set(releasePaths).intersection(changed), since: since, from: repository)
        for (path, commit) in commits {
            releases[path]?.commit = CommitInfo(
                hash: commit.hash, committedAt: commit.committedAt,
                releasedBy: ReleaseCommitMessage.parse(commit.message)?.releasedBy ?? Person(name: "", email: "")
            )
        }
    }

    private func lastCommits(changing paths: Set<String>, since: String?, from repository: ConfigRepository) async throws(ConfigRepositoryError) -> [String: ConfigRepository.LogRecord] {
        guard !paths.isEmpty else { return [:] }
        let revision = since.map { "\($0)..\(head)" } ?? head
        // A whole read names the files with one pattern rather than thousands of paths.
        let pathspecs = since == nil ? [":(glob)*/releases/*/*/\(repository.layout.artifactFileName)"] : paths.sorted()
        var found: [String: ConfigRepository.LogRecord] = [:]
        for record in try await repository.log(limit: Int.max, revision: revision, pathspecs: pathspecs) {
            for file in record.files where paths.contains(file) && found[file] == nil {
                found[file] = record
            }
            if found.count == paths.count { break }
        }
        return found
    }

    // MARK: Paths

    /// Whether `path` is a release's `artifact.json` or a service's policies file.
    private func tracks(_ path: String, layout: RepositoryLayout) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if segments.count == 2, segments[0] == RepositoryLayout.policiesFolder, segments[1].hasSuffix(".json") {
            return Name.isValid(String(segments[1].dropLast(".json".count)), as: .service)
        }
        return segments.count == 5 && segments[1] == "releases" && segments[4] == layout.artifactFileName
            && Name.isValid(String(segments[0]), as: .environment) && Name.isValid(String(segments[2]), as: .namespace)
            && Name.isValid(String(segments[3]), as: .service)
    }

    private static func topLevelFolder(of path: String) -> String {
        path.firstIndex(of: "/").map { String(path[..<$0]) } ?? ""
    }
}
