import Crypto
import Foundation
import MoonbaseStore
import ReleaseModel

/// Portal sign-in: sessions kept in the store, and the anti-forgery tokens of forms.
///
/// The session cookie holds a random secret; the store keeps its hash with who signed in, so
/// signing out, expiry and revoking the token signed in with all end the session on the
/// server. Forms carry an HMAC of the session cookie (keyed with a key derived from the home's
/// signing key for this purpose only); the sign-in form, which has no session yet, carries a
/// random value that must equal its own short-lived cookie (double submit).
struct PortalSession: Sendable {
    static let cookieName = "moonbase_session"
    static let signInCookieName = "moonbase_sign_in"
    static let noticeCookieName = "moonbase_notice"
    static let lifetime: TimeInterval = 8 * 3600

    let store: any AccessStore
    let keyData: Data
    var key: SymmetricKey { SymmetricKey(data: keyData) }

    init(store: any AccessStore, signingKey: Data) {
        self.store = store
        keyData = Data(HMAC<SHA256>.authenticationCode(for: Data("moonbase portal session".utf8), using: SymmetricKey(data: signingKey)))
    }

    /// Starts a session for `identity`; returns the cookie's value.
    func start(_ identity: Identity, now: Date = Date()) async throws -> String {
        try await store.startPortalSession(PortalSessionRecord(
            name: identity.name, group: identity.group, isVerifiedPerson: identity.isVerifiedPerson, tokenID: identity.tokenID,
            expiresAt: now.addingTimeInterval(Self.lifetime)))
    }

    /// Who the session of a cookie belongs to, while it lasts; nil for anything else (or when
    /// the store cannot be read, which leaves the visitor signed out).
    func identity(fromCookie value: String, now: Date = Date()) async -> Identity? {
        guard value.hasPrefix("mbp_"), let session = try? await store.portalSession(secret: value, now: now) else { return nil }
        return Identity(group: session.group, name: session.name, isVerifiedPerson: session.isVerifiedPerson, tokenID: session.tokenID)
    }

    /// Ends the session of a cookie (signing out).
    func end(cookie value: String) async throws {
        try await store.endPortalSession(secret: value)
    }

    /// The anti-forgery token of forms posted with the session cookie `value`.
    func csrfToken(forCookie value: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data("csrf:\(value)".utf8), using: key)).base64URLEncodedString()
    }

    /// Whether `token` is the session's anti-forgery token (compared in constant time).
    func isValidCSRFToken(_ token: String, forCookie value: String) -> Bool {
        guard let mac = Data(base64URLEncoded: token) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data("csrf:\(value)".utf8), using: key)
    }

    /// A random value for the sign-in form and its cookie.
    static func newFormToken() -> String {
        Data(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }).base64URLEncodedString()
    }
}
