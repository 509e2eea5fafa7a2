import Foundation
import GoCompat
import Yams

/// YAML output as yaml.v2's `Marshal`: block style, two-space indent, keys in yaml.v2's
/// order, lines folded at 80 columns, strings quoted only when they would read back as
/// another type, multi-line strings as literal blocks.
extension YAML {
    /// The YAML text of `value`, ending with a newline. Functions are written as `null`.
    public static func encode(_ value: Value) -> String {
        do {
            return try Yams.serialize(node: node(for: value), indent: 2, width: 80, allowUnicode: true)
        } catch {
            // libyaml only refuses events out of order, which `node(for:)` never builds.
            return ""
        }
    }

    /// An explicit tag, so that Yams does not run its own resolver on every scalar.
    private static var stringTag: Tag { Tag(.str, .basic, .default) }

    private static func plain(_ text: String) -> Yams.Node {
        .scalar(.init(text, stringTag, .plain))
    }

    static func node(for value: Value) -> Yams.Node {
        switch value {
        case .null, .function: return plain("null")
        case .bool(let b): return plain(b ? "true" : "false")
        case .int(let i), .int64(let i): return plain(String(i))
        case .uint(let u): return plain(String(u))
        case .float(let f): return plain(formatFloat(f))
        case .string(let s): return .scalar(.init(s, stringTag, style(for: s)))
        case .time(let t): return plain(t.rfc3339Nano)
        case .list(let items): return .sequence(.init(items.map(node(for:)), Tag(.seq, .basic, .default), .block))
        case .map(let map):
            let pairs = map.keys.sorted(by: keyPrecedes).map { key in (keyNode(key), node(for: map[key]!)) }
            return .mapping(.init(pairs, Tag(.map, .basic, .default), .block))
        case .record(let record):
            let pairs = record.fields.map { field in (keyNode(field.name.lowercased()), node(for: field.value)) }
            return .mapping(.init(pairs, Tag(.map, .basic, .default), .block))
        }
    }

    private static func formatFloat(_ f: Double) -> String {
        if f.isNaN { return ".nan" }
        if f.isInfinite { return f < 0 ? "-.inf" : ".inf" }
        return GoFloat.format(f, verb: "g", precision: nil)
    }

    /// A map key that reads as a number or boolean came from such a key: write it plain.
    private static func keyNode(_ key: String) -> Yams.Node {
        if case .string = resolvePlain(key) { return .scalar(.init(key, stringTag, style(for: key))) }
        return plain(key)
    }

    private static func style(for string: String) -> Yams.Node.Scalar.Style {
        if string.contains("\n") { return .literal }
        if case .string = resolvePlain(string), !looksLikeTimestamp(string), !isBase60Float(string) { return .plain }
        return .doubleQuoted
    }

    /// yaml.v2's key order: numbers and booleans first by value, then strings with runs of
    /// digits compared as numbers and non-letters before letters.
    static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        let (af, ak) = numericKey(a), (bf, bk) = numericKey(b)
        if let af, let bf {
            if af != bf { return af < bf }
            if ak != bk { return ak < bk }
            return a < b
        }
        if af != nil || bf != nil { return af != nil }
        let ar = Array(a.unicodeScalars), br = Array(b.unicodeScalars)
        var i = 0
        while i < ar.count && i < br.count {
            if ar[i] == br[i] { i += 1; continue }
            let al = ar[i].properties.isAlphabetic, bl = br[i].properties.isAlphabetic
            if al && bl { return ar[i].value < br[i].value }
            if al || bl { return bl }
            var an = 0, bn = 0
            if ar[i] == "0" || br[i] == "0" {
                var j = i - 1
                while j >= 0, isDigit(ar[j]) {
                    if ar[j] != "0" { an = 1; bn = 1; break }
                    j -= 1
                }
            }
            var ai = i, bi = i
            while ai < ar.count, isDigit(ar[ai]) { an = an &* 10 &+ Int(ar[ai].value - 48); ai += 1 }
            while bi < br.count, isDigit(br[bi]) { bn = bn &* 10 &+ Int(br[bi].value - 48); bi += 1 }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return ar[i].value < br[i].value
        }
        return ar.count < br.count
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }

    /// The float value and Go reflect kind rank of a key that is a bool or number.
    private static func numericKey(_ key: String) -> (Double?, Int) {
        switch resolvePlain(key) {
        case .bool(let b): (b ? 1 : 0, 1)
        case .int(let i): (Double(i), 2)
        case .uint(let u): (Double(u), 7)
        case .float(let f): (f, 14)
        default: (nil, 24)
        }
    }

    /// yaml.v2 quotes strings that its decoder would read as timestamps (`2006-1-2` and
    /// `2006-1-2T15:4:5Z`-like forms).
    static func looksLikeTimestamp(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        var i = 0
        func number(maxDigits: Int) -> Int? {
            var n = 0, count = 0
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57, count < maxDigits {
                n = n * 10 + Int(bytes[i] - 48); i += 1; count += 1
            }
            return count > 0 ? n : nil
        }
        func expect(_ c: Character) -> Bool {
            guard i < bytes.count, bytes[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard number(maxDigits: 4) != nil, i == 4, expect("-"),
              let month = number(maxDigits: 2), (1...12).contains(month), expect("-"),
              let day = number(maxDigits: 2), (1...31).contains(day)
        else { return false }
        if i == bytes.count { return true }
        let separator = bytes[i]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ") else { return false }
        i += 1
        guard let hour = number(maxDigits: 2), hour < 24, expect(":"),
              let minute = number(maxDigits: 2), minute < 60, expect(":"),
              let second = number(maxDigits: 2), second < 60
        else { return false }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard number(maxDigits: 9) != nil else { return false }
        }
        if separator == UInt8(ascii: " ") { return i == bytes.count }
        if expect("Z") { return i == bytes.count }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard number(maxDigits: 2) != nil, expect(":"), number(maxDigits: 2) != nil else { return false }
        return i == bytes.count
    }

    /// yaml.v2's `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$` (sexagesimal floats).
    static func isBase60Float(_ s: String) -> Bool {
        var bytes = Array(s.utf8)[...]
        guard bytes.contains(UInt8(ascii: ":")) else { return false }
        if let b = bytes.first, b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        guard let first = bytes.first, isDigit(first) else { return false }
        while let b = bytes.first, isDigit(b) || b == UInt8(ascii: "_") { bytes = bytes.dropFirst() }
        var groups = 0
        while bytes.first == UInt8(ascii: ":") {
            bytes = bytes.dropFirst()
            var digits: [UInt8] = []
            while let b = bytes.first, isDigit(b), digits.count < 2 { digits.append(b); bytes = bytes.dropFirst() }
            guard !digits.isEmpty, digits.count == 1 || digits[0] <= UInt8(ascii: "5") else { return false }
            groups += 1
        }
        guard groups > 0 else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            while let b = bytes.first, isDigit(b) || b == UInt8(ascii: "_") { bytes = bytes.dropFirst() }
        }
        return bytes.isEmpty
    }
}

extension Time {
    /// Go's `time.RFC3339Nano` layout.
    var rfc3339Nano: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var text = formatter.string(from: date)
        // Go trims trailing zeros of the fraction, and the point when nothing is left.
        if let dot = text.firstIndex(of: "."), let zone = text[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }) {
            var fraction = String(text[dot..<zone])
            while fraction.hasSuffix("0") { fraction.removeLast() }
            if fraction == "." { fraction = "" }
            text = String(text[..<dot]) + fraction + String(text[zone...])
        }
        return text
    }
}
