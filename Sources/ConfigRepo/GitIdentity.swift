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
}
