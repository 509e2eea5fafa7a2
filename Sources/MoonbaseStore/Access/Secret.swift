import Foundation

/// Random secrets (API tokens, OAuth client secrets) and their stored form.
///
/// A secret is 32 random bytes from the system's cryptographic generator, written as URL-safe
/// base64 without padding behind a short prefix that says what it is (`mbt_` for tokens, `mbs_`
/// for client secrets), so a leaked one is recognisable in logs and by secret scanners. Only the
/// SHA-256 of the whole string is stored: the secrets carry 256 bits of entropy, so a plain hash
/// cannot be reversed by guessing and needs no slow password hash.
public enum Secret {
    /// Bytes of randomness in a token or client secret.
    public static let byteCount = 32

    public static func make(prefix: String, byteCount: Int = Secret.byteCount) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + base64URL(bytes)
    }

    /// The stored form of a secret: its SHA-256 as lowercase hexadecimal.
    public static func hash(_ secret: String) -> String {
        ContentHash.sha256Hex(Array(secret.utf8))
    }

    /// Compares two strings in time that depends only on their lengths, not on where they differ.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices {
            difference |= left[index] ^ right[index]
        }
        return difference == 0
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
