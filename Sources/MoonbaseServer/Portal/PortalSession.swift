import Crypto
import Foundation
import MoonbaseStore
import ReleaseModel

/// Portal sign-in: who signed in, in a signed cookie, and the anti-forgery tokens of forms.
///
/// The cookie holds `<claims>.<mac>` (both base64url): the identity and an expiry, signed with
/// a key derived from the home's signing key for this purpose only, so that a session cookie
/// is never accepted as an API token. Forms carry an HMAC of the session cookie (a session's
/// CSRF token); the sign-in form, which has no session yet, carries a random value that must
/// equal its own short-lived cookie (double submit).
struct PortalSession: Sendable {
    static let cookieName = "moonbase_session"
    static let signInCookieName = "moonbase_sign_in"
    static let noticeCookieName = "moonbase_notice"
    static let lifetime: TimeInterval = 8 * 3600

    struct Claims: Codable {
        var name: String
        var group: String
        var person: Bool
        var expires: Double
    }

    let keyData: Data
    var key: SymmetricKey { SymmetricKey(data: keyData) }

    init(signingKey: Data) {
        keyData = Data(HMAC<SHA256>.authenticationCode(for: Data("moonbase portal session".utf8), using: SymmetricKey(data: signingKey)))
    }

    /// A cookie value for `identity`, valid for ``lifetime``.
    func issue(_ identity: Identity, now: Date = Date()) throws -> String {
        let claims = Claims(
            name: identity.name, group: identity.group.rawValue, person: identity.isVerifiedPerson,
            expires: now.addingTimeInterval(Self.lifetime).timeIntervalSince1970)
        let payload = try JSONEncoder().encode(claims).base64URLEncodedString()
        return payload + "." + Data(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key)).base64URLEncodedString()
    }

    /// The identity of a cookie this server issued that has not expired; nil for anything else.
    func identity(fromCookie value: String, now: Date = Date()) -> Identity? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let mac = Data(base64URLEncoded: parts[1]),
              HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data(parts[0].utf8), using: key),
              let payload = Data(base64URLEncoded: parts[0]),
              let claims = try? JSONDecoder().decode(Claims.self, from: payload),
              claims.expires > now.timeIntervalSince1970,
              let group = ClientGroup(rawValue: claims.group)
        else { return nil }
        return Identity(group: group, name: claims.name, isVerifiedPerson: claims.person)
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
