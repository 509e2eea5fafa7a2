import Foundation

/// How to reach and write the GitOps config repository.
public struct ConfigRepositoryOptions: Sendable {
    /// Any git URL: a path or `file://`, `ssh://`/scp-style, `https://`.
    public var remoteURL: String
    /// The branch releases are committed to (`master` in the reference).
    public var branch: String
    /// Where the working clone lives (created by ``ConfigRepository/open(_:)`` when missing).
    public var workingDirectory: URL
    /// Author and committer of Moonbase's commits.
    public var committer: GitIdentity
    /// A GPG key id to sign commits with; unsigned when nil.
    public var signingKey: String?
    /// An ssh private key file for ssh remotes; nil uses the user's ssh configuration.
    public var sshPrivateKey: String?
    /// How many times a push is tried when the remote moved underneath (fetch, rebase, push).
    public var maximumPushAttempts: Int
    public var layout: RepositoryLayout

    public init(
        remoteURL: String, branch: String = "master", workingDirectory: URL, committer: GitIdentity = .moonbase,
        signingKey: String? = nil, sshPrivateKey: String? = nil, maximumPushAttempts: Int = 5,
        layout: RepositoryLayout = RepositoryLayout()
    ) {
        self.remoteURL = remoteURL
        self.branch = branch
        self.workingDirectory = workingDirectory
        self.committer = committer
        self.signingKey = signingKey
        self.sshPrivateKey = sshPrivateKey
        self.maximumPushAttempts = maximumPushAttempts
        self.layout = layout
    }
}

extension ConfigRepositoryOptions {
    /// `remoteURL` with a relative local path made absolute (against the current directory), so
    /// git, which runs inside the working clone, finds it. URLs (`scheme://`), scp-style
    /// `host:path` and absolute paths are used as given.
    public var resolvedRemoteURL: String {
        let url = remoteURL
        if url.contains("://") || url.hasPrefix("/") || url.hasPrefix("~") { return url }
        if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/") { return url }
        return URL(fileURLWithPath: url).standardizedFileURL.path
    }
}
