import Foundation

/// `GET /whoami` (Moonbase): who the server takes a token for, so a client can check a token
/// before it stores it (`hamctl login`).
public struct WhoAmIResponse: Sendable, Hashable, Codable {
    /// The token's name, or a JWT's subject.
    public var name: String
    /// The client group that let the token in: `hamctl`, `artifact`, `daemon` or `admin`.
    public var group: String

    public init(name: String, group: String) {
        self.name = name
        self.group = group
    }
}
