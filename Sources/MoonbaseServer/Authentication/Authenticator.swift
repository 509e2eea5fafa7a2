import Crypto
import Foundation
import MoonbaseStore
import ReleaseModel

/// Decides who a request's `Authorization` header belongs to (spec §1.2), trying in turn:
///
/// 1. the configured static tokens of the allowed groups (the identity is the group's name);
/// 2. a JWT: one this server issued through `POST /oauth/v1/token` (HS256, its client's
///    group), else one from the configured identity provider (accepted by the hamctl,
///    artifact and daemon groups; the subject is a verified person);
/// 3. a token from the store.
///
/// `Bearer ` is optional, as in the reference. Every failure is the same 401.
struct Authenticator: Sendable {
    static let unauthorized = ErrorResponse(status: 401, message: "please provide a valid authentication token")
    /// The groups that accept identity-provider JWTs, in the order an identity's group is picked.
    static let identityProviderGroups: [ClientGroup] = [.hamctl, .artifact, .daemon]

    let staticTokens: MoonbaseConfiguration.StaticTokens
    let store: any AccessStore
    let issuer: AccessTokenIssuer
    let identityProvider: IdentityProvider?

    init(home: MoonbaseHome) {
        self.init(configuration: home.configuration, store: home.store, signingKey: home.signingKey)
    }

    init(configuration: MoonbaseConfiguration, store: any AccessStore, signingKey: Data) {
        staticTokens = configuration.tokens
        self.store = store
        issuer = AccessTokenIssuer(signingKey: signingKey, issuer: configuration.publicURL ?? "moonbase")
        identityProvider = configuration.jwt.jwksURLs.isEmpty ? nil : IdentityProvider(settings: configuration.jwt)
    }

    func authenticate(authorization: String?, allowed: Set<ClientGroup>) async throws -> Identity {
        guard let credential = authorization.map(Self.credential), !credential.isEmpty else { throw Self.unauthorized }

        let digest = SHA256.hash(data: Data(credential.utf8))
        for group in ClientGroup.allCases where allowed.contains(group) {
            // Digests compare in constant time, whatever the lengths.
            if staticTokens.tokens(of: group).contains(where: { !$0.isEmpty && SHA256.hash(data: Data($0.utf8)) == digest }) {
                return Identity(group: group, name: group.rawValue)
            }
        }

        if let token = JSONWebToken(compact: credential) {
            if token.header.alg == AccessTokenIssuer.algorithm {
                guard let issued = issuer.verify(token), allowed.contains(issued.group) else { throw Self.unauthorized }
                return Identity(group: issued.group, name: issued.name)
            }
            guard let identityProvider, let group = Self.identityProviderGroups.first(where: allowed.contains),
                  let subject = await identityProvider.subject(of: token)
            else { throw Self.unauthorized }
            return Identity(group: group, name: subject, isVerifiedPerson: true)
        }

        guard let token = try await store.verifyToken(credential), allowed.contains(token.group) else { throw Self.unauthorized }
        return Identity(group: token.group, name: token.name, tokenID: token.id)
    }

    /// The header without a leading `Bearer` (any case), trimmed.
    static func credential(_ header: String) -> String {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.prefix(6).lowercased() == "bearer" else { return trimmed }
        return trimmed.dropFirst(6).trimmingCharacters(in: .whitespaces)
    }
}
