import Foundation
import GoCompat

/// A release commit of the config repository's history: what rebuilding the store's release
/// history from git needs.
public struct ReleaseCommit: Sendable, Hashable {
    public var commit: String
    public var committedAt: GoTime
    public var message: ReleaseCommitMessage
    /// The namespace of the release folder the commit changed (nil when it changed none of the
    /// message's environment and service, e.g. a hand-written commit).
    public var namespace: String?

    public init(commit: String, committedAt: GoTime, message: ReleaseCommitMessage, namespace: String?) {
        self.commit = commit
        self.committedAt = committedAt
        self.message = message
        self.namespace = namespace
    }
}
