import Crypto
import Foundation

/// SHA-256 as the store uses it: the content address of artifact files and the stored form of
/// tokens and client secrets, as lowercase hexadecimal.
enum ContentHash {
    static func sha256Hex(_ data: some DataProtocol) -> String {
        hex(Crypto.SHA256.hash(data: data))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
