import Foundation

/// A bearer token of one client group, as listed: never the secret itself, which is shown once
/// when the token is created (``CreatedToken``) and then stored only as its SHA-256.
public struct APIToken: Sendable, Hashable, Identifiable {
    public var id: String
    public var group: ClientGroup
    /// What the token is for, as its creator named it (`ci-github`, `alice laptop`).
    public var name: String
    public var createdAt: Date
    /// When the token stopped being accepted; `nil` while it is valid.
    public var revokedAt: Date?

    public init(id: String, group: ClientGroup, name: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.group = group
        self.name = name
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    public var isRevoked: Bool { revokedAt != nil }
}

/// A token just created: the only time its secret is known.
public struct CreatedToken: Sendable, Hashable {
    public var token: APIToken
    /// The bearer value to hand to the client (`mbt_…`).
    public var secret: String

    public init(token: APIToken, secret: String) {
        self.token = token
        self.secret = secret
    }
}
