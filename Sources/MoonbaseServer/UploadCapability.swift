import Crypto
import Foundation
import ReleaseModel

/// The permission, carried in an upload URL, to `PUT` one artifact's archive: which service
/// and artifact id, the base64 MD5 the archive must have, and until when. Stateless: the
/// server signs it with its key (HMAC-SHA256) and recognises it by the signature alone, as S3
/// does with presigned URLs, so the reference `artifact` CLI can upload without a token.
///
/// Token: `base64url(JSON payload) "." base64url(HMAC-SHA256(key, first part))`.
struct UploadCapability: Sendable, Hashable, Codable {
    /// How long an upload URL is valid (the reference's presigned S3 URLs: 15 minutes).
    static let lifetime: TimeInterval = 15 * 60

    var service: String
    var artifactID: String
    var md5: String
    /// Seconds since 1970 after which the capability is refused.
    var expires: Int64

    enum CodingKeys: String, CodingKey {
        case service = "s", artifactID = "a", md5 = "m", expires = "e"
    }

    init(service: String, artifactID: String, md5: String, expires: Date) {
        self.service = service
        self.artifactID = artifactID
        self.md5 = md5
        self.expires = Int64(expires.timeIntervalSince1970.rounded(.down))
    }

    /// The signed token.
    func token(key: Data) -> String {
        // Encoding four plain fields cannot fail.
        let payload = ((try? JSONEncoder().encode(self)) ?? Data()).base64URLEncodedString()
        return payload + "." + Data(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: key))).base64URLEncodedString()
    }

    /// The capability `token` carries, when `key` signed it and it has not expired.
    static func verify(_ token: String, key: Data, now: Date = Date()) throws(ErrorResponse) -> UploadCapability {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let signature = Data(base64URLEncoded: parts[1]),
              HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Data(parts[0].utf8), using: SymmetricKey(data: key)),
              let payload = Data(base64URLEncoded: parts[0]),
              let capability = try? JSONDecoder().decode(UploadCapability.self, from: payload)
        else {
            throw ErrorResponse(status: 403, message: "upload URL is not valid: it was not issued by this server; request one with POST /artifacts/create")
        }
        guard Int64(now.timeIntervalSince1970) <= capability.expires else {
            let expiry = Date(timeIntervalSince1970: TimeInterval(capability.expires)).formatted(.iso8601)
            throw ErrorResponse(status: 403, message: "upload URL expired at \(expiry): request a new one with POST /artifacts/create")
        }
        return capability
    }
}
