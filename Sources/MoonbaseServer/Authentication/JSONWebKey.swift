import _CryptoExtras
@preconcurrency import Crypto
import Foundation

/// A public signing key from an identity provider's JWKS (RFC 7517): RSA for RS256, P-256
/// for ES256.
struct JSONWebKey: Sendable {
    enum Key: Sendable {
        case rsa(_RSA.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)
    }

    var id: String?
    var key: Key

    /// Whether `signature` is `key`'s signature of `input` with `algorithm`; any other
    /// algorithm (`none`, `HS256`, …) is refused.
    func verifies(_ signature: Data, of input: Data, algorithm: String) -> Bool {
        switch (algorithm, key) {
        case ("RS256", .rsa(let key)):
            return key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5
            )
        case ("ES256", .p256(let key)):
            guard let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(signature, for: SHA256.hash(data: input))
        default:
            return false
        }
    }

    /// The signing keys of a JWKS document that Moonbase can use; others (encryption keys,
    /// other curves, unknown types) are skipped.
    static func keySet(from data: Data) throws -> [JSONWebKey] {
        struct Document: Decodable {
            var keys: [Entry]
        }
        struct Entry: Decodable {
            var kty: String
            var kid: String?
            var use: String?
            var crv: String?
            var n: String?
            var e: String?
            var x: String?
            var y: String?
        }
        return try JSONDecoder().decode(Document.self, from: data).keys.compactMap { entry in
            if let use = entry.use, use != "sig" { return nil }
            switch entry.kty {
            case "RSA":
                guard let n = entry.n.flatMap(Data.init(base64URLEncoded:)), let e = entry.e.flatMap(Data.init(base64URLEncoded:)),
                      let key = try? _RSA.Signing.PublicKey(n: n, e: e)
                else { return nil }
                return JSONWebKey(id: entry.kid, key: .rsa(key))
            case "EC":
                guard entry.crv == "P-256", let x = entry.x.flatMap(Data.init(base64URLEncoded:)),
                      let y = entry.y.flatMap(Data.init(base64URLEncoded:)),
                      let key = try? P256.Signing.PublicKey(rawRepresentation: x + y)
                else { return nil }
                return JSONWebKey(id: entry.kid, key: .p256(key))
            default:
                return nil
            }
        }
    }
}
