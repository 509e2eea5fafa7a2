import Foundation

/// A CI client that gets short-lived tokens through the OAuth2 client-credentials grant
/// (`POST /oauth/v1/token`). Its secret is stored only as a SHA-256.
public struct OAuthClient: Sendable, Hashable, Identifiable {
    /// The client id CI sends (`mbc_…`).
    public var id: String
    public var name: String
    /// The group whose routes the client's tokens reach (``ClientGroup/artifact`` for CI).
    public var group: ClientGroup
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, name: String, group: ClientGroup, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.group = group
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    public var isRevoked: Bool { revokedAt != nil }
}

/// A client just created: the only time its secret is known.
public struct CreatedOAuthClient: Sendable, Hashable {
    public var client: OAuthClient
    /// The client secret (`mbs_…`).
    public var secret: String

    public init(client: OAuthClient, secret: String) {
        self.client = client
        self.secret = secret
    }
}
