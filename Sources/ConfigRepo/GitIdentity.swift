import Foundation

/// The identity recorded as author and committer of the commits Moonbase makes.
public struct GitIdentity: Sendable, Hashable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// Moonbase's default committer.
    public static let moonbase = GitIdentity(name: "Moonbase", email: "moonbase@localhost")

    /// Environment that makes this identity the author and committer of a commit.
    var gitEnvironment: [String: String] {
        ["GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email]
    }
}
