import Foundation
import GoCompat

/// sprig's type conversion and reflection functions.
enum SprigConversion {
    static let functions: [Function] = [
        Function("atoi", .exactly(1)) { a in .int(GoCast.parseInt(try a[0].asString(), base: 10) ?? 0) },
        Function("int", .exactly(1)) { a in .int(a[0].castInt) },
        Function("int64", .exactly(1)) { a in .int64(a[0].castInt) },
        Function("float64", .exactly(1)) { a in .float(a[0].castFloat) },
        // Unix permission digits: `toDecimal "0777"` is 511.
        Function("toDecimal", .exactly(1)) { a in .int64(GoCast.parseInt(a[0].printed(), base: 8) ?? 0) },
        Function("toString", .exactly(1)) { a in .string(a[0].sprigString) },
        Function("typeOf", .exactly(1)) { a in .string(a[0].goTypeName) },
        Function("typeIs", .exactly(2)) { a in .bool(try a[0].asString() == a[1].goTypeName) },
        Function("typeIsLike", .exactly(2)) { a in
            let target = try a[0].asString(), type = a[1].goTypeName
            return .bool(target == type || "*" + target == type)
        },
        Function("kindOf", .exactly(1)) { a in .string(a[0].goKind) },
        Function("kindIs", .exactly(2)) { a in .bool(try a[0].asString() == a[1].goKind) },
        Function("deepEqual", .exactly(2)) { a in .bool(a[0] == a[1]) },
    ]
}

/// sprig's encoding functions: base64 and base32 (decode errors come back as the result text,
/// as sprig does).
enum SprigEncoding {
    static let functions: [Function] = [
        Function("b64enc", .exactly(1)) { a in .string(Data(try a[0].asString().utf8).base64EncodedString()) },
        Function("b64dec", .exactly(1)) { a in .string(Base64.decode(try a[0].asString())) },
        Function("b32enc", .exactly(1)) { a in .string(Base32.encode(Array(try a[0].asString().utf8))) },
        Function("b32dec", .exactly(1)) { a in .string(Base32.decode(try a[0].asString())) },
    ]
}

/// Go's `base64.StdEncoding.DecodeString`, which skips `\r` and `\n` and reports the first bad byte.
enum Base64 {
    static func decode(_ s: String) -> String {
        let bytes = Array(s.utf8).filter { $0 != 0x0A && $0 != 0x0D }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            var quantum: [UInt8] = []
            var padding = 0
            let start = i
            while quantum.count + padding < 4 {
                guard i < bytes.count else {
                    if quantum.isEmpty && padding == 0 { return String(goBytes: out) }
                    return "illegal base64 data at input byte \(originalOffset(s, start))"
                }
                let c = bytes[i]
                if c == UInt8(ascii: "=") {
                    if quantum.count < 2 { return "illegal base64 data at input byte \(originalOffset(s, i))" }
                    padding += 1
                } else if let v = alphabet.firstIndex(of: c), padding == 0 {
                    quantum.append(UInt8(v))
                } else {
                    return "illegal base64 data at input byte \(originalOffset(s, i))"
                }
                i += 1
            }
            let n = quantum.count
            var word = 0
            for (k, v) in quantum.enumerated() { word |= Int(v) << (18 - 6 * k) }
            out.append(UInt8((word >> 16) & 0xFF))
            if n > 2 { out.append(UInt8((word >> 8) & 0xFF)) }
            if n > 3 { out.append(UInt8(word & 0xFF)) }
            if padding > 0 && i < bytes.count { return "illegal base64 data at input byte \(originalOffset(s, i))" }
        }
        return String(goBytes: out)
    }

    private static func originalOffset(_ s: String, _ filteredIndex: Int) -> Int {
        var seen = 0
        for (offset, byte) in s.utf8.enumerated() where byte != 0x0A && byte != 0x0D {
            if seen == filteredIndex { return offset }
            seen += 1
        }
        return s.utf8.count
    }
}

/// Go's `base32.StdEncoding` (RFC 4648 alphabet, `=` padding).
enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let chunk = Array(bytes[i..<min(i + 5, bytes.count)])
            var buffer = [UInt8](repeating: 0, count: 5)
            for (k, b) in chunk.enumerated() { buffer[k] = b }
            var bits: UInt64 = 0
            for b in buffer { bits = bits << 8 | UInt64(b) }
            let chars = [2, 4, 5, 7, 8][chunk.count - 1]
            for k in 0..<8 {
                out.append(k < chars ? alphabet[Int((bits >> UInt64(35 - 5 * k)) & 0x1F)] : UInt8(ascii: "="))
            }
            i += 5
        }
        return String(goBytes: out)
    }

    static func decode(_ s: String) -> String {
        let bytes = Array(s.utf8).filter { $0 != 0x0A && $0 != 0x0D }
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard i + 8 <= bytes.count else { return "illegal base32 data at input byte \(bytes.count)" }
            let block = bytes[i..<(i + 8)]
            var values: [UInt8] = []
            var padding = 0
            for (k, c) in block.enumerated() {
                if c == UInt8(ascii: "=") {
                    padding += 1
                } else if padding == 0, let v = alphabet.firstIndex(of: c) {
                    values.append(UInt8(v))
                } else {
                    return "illegal base32 data at input byte \(i + k)"
                }
            }
            guard let byteCount = [8: 5, 7: 4, 5: 3, 4: 2, 2: 1][values.count] else {
                return "illegal base32 data at input byte \(i + values.count)"
            }
            var bits: UInt64 = 0
            for k in 0..<8 { bits = bits << 5 | UInt64(k < values.count ? values[k] : 0) }
            for k in 0..<byteCount { out.append(UInt8((bits >> UInt64(32 - 8 * k)) & 0xFF)) }
            i += 8
            if padding > 0 && i < bytes.count { return "illegal base32 data at input byte \(i)" }
        }
        return String(goBytes: out)
    }
}
