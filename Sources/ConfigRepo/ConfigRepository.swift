import Foundation
import GitRunner
import ReleaseModel

/// A working clone of the config repository (spec §3, §2.10).
///
/// Reads (status, policies, history, artifacts at a commit) go to committed `HEAD`, never to
/// the working tree, so a read that runs while the writer rewrites a release folder never sees
/// it half-written. Status, policies and the current artifacts are answered from an in-memory
/// snapshot of `HEAD` that follows it when it moves (``ConfigSnapshot``). Writes are steps a single writer composes, so a release
/// queue can batch: ``refresh()`` once, then for each release
/// ``writeRelease(environment:namespace:service:files:artifactJSON:)`` and
/// ``commit(message:author:)``, then one ``push()``. A `ConfigRepository` must have one writer
/// at a time; besides the clone on disk it holds only that snapshot, shared by its copies.
public struct ConfigRepository: Sendable {
    public let options: ConfigRepositoryOptions
    let git: Git
    let safeRoot: SafeRoot
    let snapshots: ConfigSnapshotCache
    let refs: RefFiles

    /// The working tree's root.
    public var root: URL { safeRoot.root }
    public var layout: RepositoryLayout { options.layout }
    var branch: String { options.branch }
    var remoteBranch: String { "refs/remotes/origin/\(options.branch)" }

    init(options: ConfigRepositoryOptions) {
        self.options = options
        var settings = ["core.quotePath=false", "advice.pushNonFFCurrent=true", "advice.pushFetchFirst=true"]
        if let key = options.signingKey {
            settings += ["user.signingKey=\(key)", "commit.gpgSign=true"]
        } else {
            settings += ["commit.gpgSign=false"]
        }
        self.git = Git(directory: options.workingDirectory, settings: settings, environment: Self.environment(options))
        self.safeRoot = SafeRoot(options.workingDirectory)
        self.refs = RefFiles(gitFolder: options.workingDirectory.appendingPathComponent(".git"))
        self.snapshots = ConfigSnapshotCache(refs: refs)
    }

    /// Opens the working clone, cloning the remote when the folder has none. An existing clone
    /// is pointed at `remoteURL` and cleaned of uncommitted changes (a crash mid-write); with
    /// `refresh` it is then brought up to date with ``refresh()``, keeping commits not yet
    /// pushed. Open with `refresh: false` to decide about unpushed commits first
    /// (``unpushedCommits()``, ``push()`` or ``dropUnpushedCommits()``).
    public static func open(_ options: ConfigRepositoryOptions, refresh: Bool = true) async throws(ConfigRepositoryError) -> ConfigRepository {
        do {
            try Name.validate(options.branch, as: .branch)
        } catch {
            throw .invalidName(error)
        }
        let directory = options.workingDirectory
        let gitFolder = directory.appendingPathComponent(".git")
        if FileManager.default.fileExists(atPath: gitFolder.path) {
            let repository = ConfigRepository(options: options)
            try await repository.run(["remote", "set-url", "origin", options.resolvedRemoteURL])
            try await repository.discardUncommittedChanges()
            try await repository.fetch()
            let current = try await repository.attempt(["symbolic-ref", "--quiet", "--short", "HEAD"]).trimmed
            if current != options.branch {
                // Another branch was configured before: switch, keeping a local branch's commits.
                let local = try await repository.attempt(["rev-parse", "--verify", "--quiet", "refs/heads/\(options.branch)"])
                if local.exitCode == 0 {
                    try await repository.run(["checkout", "--quiet", options.branch])
                } else {
                    try await repository.run(["checkout", "--quiet", "-b", options.branch, repository.remoteBranch])
                }
            }
            if refresh {
                try await repository.rebaseOntoRemote()
            }
            return repository
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .file(path: directory.path, reason: "\(error)")
        }
        let parent = Git(directory: directory, environment: environment(options))
        do {
            try await parent.run(["clone", "--quiet", "--branch", options.branch, "--origin", "origin", "--", options.resolvedRemoteURL, directory.path])
        } catch {
            throw .git(error)
        }
        return ConfigRepository(options: options)
    }

    static func environment(_ options: ConfigRepositoryOptions) -> [String: String] {
        guard let key = options.sshPrivateKey else { return [:] }
        return ["GIT_SSH_COMMAND": Git.sshCommand(privateKey: key)]
    }

    // MARK: Writing steps

    /// Fetches the remote branch and rebases local commits (if any) onto it. With no local
    /// commits this is a fast-forward; when `HEAD` is the fetched remote branch there is
    /// nothing to do (the common case for the one writer, whose pushes update both).
    public func refresh() async throws(ConfigRepositoryError) {
        try await fetch()
        if let head = refs.head(), head == refs.commit(of: remoteBranch) { return }
        try await rebaseOntoRemote()
    }

    /// Updates the remote-tracking branch without touching the working tree.
    public func fetch() async throws(ConfigRepositoryError) {
        try await run(["fetch", "--quiet", "origin", "+refs/heads/\(branch):\(remoteBranch)"])
    }

    /// Commits what the writing steps staged. Returns the new commit's id, or nil when nothing
    /// was staged (the release or policy change was already in place). The committer is the
    /// configured identity; `author` defaults to it too (the reference records both as its bot).
    public func commit(message: String, author: GitIdentity? = nil) async throws(ConfigRepositoryError) -> String? {
        // Plumbing instead of `git commit`: porcelain commit re-checks every file of the work
        // tree, which costs tens of milliseconds in a repository of thousands of services.
        let tree = try await run(["write-tree"]).trimmed
        let heads = try await run(["rev-parse", "HEAD", "HEAD^{tree}"]).text.split(separator: "\n").map(String.init)
        guard heads.count == 2 else {
            throw .git(GitError(arguments: ["rev-parse", "HEAD", "HEAD^{tree}"], directory: root.path, exitCode: 0, stderr: "unexpected output", stdout: heads.joined(separator: "\n")))
        }
        let (parent, parentTree) = (heads[0], heads[1])
        if tree == parentTree { return nil }
        var environment = options.committer.gitEnvironment
        if let author {
            environment["GIT_AUTHOR_NAME"] = author.name
            environment["GIT_AUTHOR_EMAIL"] = author.email
        }
        var arguments = ["commit-tree", tree, "-p", parent, "-m", message]
        if let key = options.signingKey { arguments.append("-S\(key)") }
        let commit = try await run(arguments, environment: environment).trimmed
        let title = message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        try await run(["update-ref", "-m", "commit: \(title)", "HEAD", commit, parent])
        return commit
    }

    /// Commits made locally and not yet on the remote branch, oldest first.
    public func unpushedCommits() async throws(ConfigRepositoryError) -> [String] {
        let output = try await run(["rev-list", "--reverse", "\(remoteBranch)..HEAD"])
        return output.text.split(separator: "\n").map(String.init)
    }

    /// Throws away local commits that were not pushed and any uncommitted change: the working
    /// clone becomes the remote branch as last fetched. For a release queue redoing a batch
    /// after a ``ConfigRepositoryError/rebaseConflict(_:)``.
    public func dropUnpushedCommits() async throws(ConfigRepositoryError) {
        try await run(["reset", "--quiet", "--hard", remoteBranch])
        try await run(["clean", "-q", "-f", "-d", "-x"])
    }

    /// Throws away uncommitted changes (staged or not) and untracked files.
    public func discardUncommittedChanges() async throws(ConfigRepositoryError) {
        try await run(["reset", "--quiet", "--hard", "HEAD"])
        try await run(["clean", "-q", "-f", "-d", "-x"])
    }

    /// The commit the working clone is at.
    public func head() async throws(ConfigRepositoryError) -> String {
        try await run(["rev-parse", "HEAD"]).trimmed
    }

    // MARK: Helpers

    func rebaseOntoRemote() async throws(ConfigRepositoryError) {
        let output = try await attempt(["rebase", "--quiet", remoteBranch], environment: options.committer.gitEnvironment)
        if output.exitCode != 0 {
            _ = try? await attempt(["rebase", "--abort"])
            throw .rebaseConflict(git.error(["rebase", remoteBranch], output))
        }
    }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws(ConfigRepositoryError) -> GitOutput {
        do {
            return try await git.run(arguments, environment: environment)
        } catch {
            throw .git(error)
        }
    }

    func attempt(_ arguments: [String], environment: [String: String] = [:], input: Data? = nil) async throws(ConfigRepositoryError) -> GitOutput {
        do {
            return try await git.attempt(arguments, environment: environment, input: input)
        } catch {
            throw .git(error)
        }
    }

    func url(_ relative: String) throws(ConfigRepositoryError) -> URL {
        try safeRoot.url(relative)
    }
}
