import Foundation

/// A browser's signed-in session in the portal: who signed in, with which token, until when.
/// The browser holds only a random secret; the store keeps its hash, so signing out and
/// revoking the token end the session on the server.
public struct PortalSessionRecord: Sendable, Hashable {
    /// The name the server knows the person or token by.
    public var name: String
    public var group: ClientGroup
    /// Whether `name` is a person an identity provider verified.
    public var isVerifiedPerson: Bool
    /// The store token signed in with, if it was one: revoking it ends the session.
    public var tokenID: String?
    public var expiresAt: Date

    public init(name: String, group: ClientGroup, isVerifiedPerson: Bool, tokenID: String?, expiresAt: Date) {
        self.name = name
        self.group = group
        self.isVerifiedPerson = isVerifiedPerson
        self.tokenID = tokenID
        self.expiresAt = expiresAt
    }
}
