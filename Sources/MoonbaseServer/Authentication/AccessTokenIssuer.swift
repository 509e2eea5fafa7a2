import Crypto
import Foundation
import MoonbaseStore

/// The short-lived access tokens Moonbase issues to OAuth clients: HS256 JWTs signed with the
/// home's signing key, whose `sub` is the client's name and whose `group` claim is the client's
/// group.
struct AccessTokenIssuer: Sendable {
    static let lifetime: TimeInterval = 3600
    static let algorithm = "HS256"

    var key: SymmetricKey { SymmetricKey(data: signingKey) }

    let signingKey: Data
    /// The `iss` of issued tokens: the server's public URL, else `moonbase`.
    let issuer: String

    init(signingKey: Data, issuer: String) {
        self.signingKey = signingKey
        self.issuer = issuer
    }

    func issue(to client: OAuthClient, now: Date = Date()) throws -> String {
        let time = now.timeIntervalSince1970.rounded(.down)
        let claims = JWTClaims(
            iss: issuer, sub: client.name, aud: nil, exp: time + Self.lifetime, nbf: nil, iat: time,
            group: client.group.rawValue, clientID: client.id
        )
        return try JSONWebToken.compact(header: .init(alg: Self.algorithm, typ: "JWT"), claims: claims) { input in
            Data(HMAC<SHA256>.authenticationCode(for: input, using: key))
        }
    }

    /// The group and the client's name of a token this server issued and that is still
    /// current; nil for anything else.
    func verify(_ token: JSONWebToken, now: Date = Date()) -> (group: ClientGroup, name: String)? {
        guard token.header.alg == Self.algorithm,
              HMAC<SHA256>.isValidAuthenticationCode(token.signature, authenticating: token.signingInput, using: key),
              token.claims.iss == issuer, token.claims.isCurrent(at: now),
              let name = token.claims.sub, !name.isEmpty,
              let group = token.claims.group.flatMap(ClientGroup.init(rawValue:))
        else { return nil }
        return (group, name)
    }
}
