import Crypto
import Foundation
import GoCompat

/// SHA-256 as the store uses it: the content address of artifact files and the stored form of
/// tokens and client secrets, as lowercase hexadecimal.
enum ContentHash {
    static func sha256Hex(_ data: some DataProtocol) -> String {
        Hex.encode(Crypto.SHA256.hash(data: data))
    }
}
