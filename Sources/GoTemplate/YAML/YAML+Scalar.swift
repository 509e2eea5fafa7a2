import Foundation
import Yams

/// YAML 1.1 scalar resolution, following yaml.v2's `resolve`.
extension YAML {
    static func value(of scalar: Yams.Node.Scalar) throws(YAMLError) -> Value {
        let text = scalar.string
        let tag = Tag.Name(rawValue: scalar.tag.description)
        switch tag {
        case .implicit:
            return scalar.style == .plain ? resolvePlain(text) : .string(text)
        case .str, .nonSpecific:
            return .string(text)
        case .int, .float, .bool, .null:
            let resolved = resolvePlain(text)
            let matches: Bool
            switch (tag, resolved) {
            case (.int, .int), (.int, .uint), (.float, .float), (.bool, .bool), (.null, .null): matches = true
            case (.float, .int(let i)): return .float(Double(i))
            default: matches = false
            }
            guard matches else {
                throw YAMLError(line: scalar.mark?.line, column: scalar.mark?.column,
                                message: "cannot decode !!\(tag.rawValue.split(separator: ":").last ?? "") `\(text)`")
            }
            return resolved
        case .binary:
            let compact = text.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: compact) else {
                throw YAMLError(line: scalar.mark?.line, column: scalar.mark?.column,
                                message: "!!binary value contains invalid base64 data")
            }
            return .string(String(decoding: data, as: UTF8.self))
        default:
            // Application tags (`!Ref x`) keep their text, as yaml.v2 does for interface{} values.
            return .string(text)
        }
    }

    private static let bools: [String: Bool] = [
        "y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
        "true": true, "True": true, "TRUE": true, "on": true, "On": true, "ON": true,
        "n": false, "N": false, "no": false, "No": false, "NO": false,
        "false": false, "False": false, "FALSE": false, "off": false, "Off": false, "OFF": false,
    ]

    /// What an unquoted scalar means under yaml.v2's YAML 1.1 rules.
    public static func resolvePlain(_ text: String) -> Value {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
             UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
             UInt8(ascii: "o"), UInt8(ascii: "O"):
            if let b = bools[text] { return .bool(b) }
            if text == "null" || text == "Null" || text == "NULL" { return .null }
            return .string(text)
        case UInt8(ascii: "~"):
            return text == "~" ? .null : .string(text)
        case UInt8(ascii: "."):
            switch text {
            case ".nan", ".NaN", ".NAN": return .float(.nan)
            case ".inf", ".Inf", ".INF": return .float(.infinity)
            default: return parseGoFloat(text).map(Value.float) ?? .string(text)
            }
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            switch text {
            case "+.inf", "+.Inf", "+.INF": return .float(.infinity)
            case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
            default: break
            }
            let plain = text.replacingOccurrences(of: "_", with: "")
            if let number = parseGoInteger(plain) { return number }
            if isYAMLStyleFloat(plain), let f = parseGoFloat(plain) { return .float(f) }
            return .string(text)
        default:
            return .string(text)
        }
    }

    /// Go's `strconv.ParseInt(s, 0, 64)`, then `ParseUint`: sign, 0x/0o/0b prefixes, leading-0 octal.
    static func parseGoInteger(_ text: String) -> Value? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        var radix = 10
        let lower = digits.lowercased()
        if lower.hasPrefix("0x") { radix = 16; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; digits = digits.dropFirst(2) }
        else if digits.count > 1, digits.first == "0" { radix = 8; digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }),
              let magnitude = UInt(digits, radix: radix)
        else { return nil }
        if negative {
            if magnitude <= UInt(Int.max) { return .int(-Int(magnitude)) }
            if magnitude == UInt(Int.max) + 1 { return .int(Int.min) }
            return nil
        }
        if magnitude <= UInt(Int.max) { return .int(Int(magnitude)) }
        // ParseUint does not take a sign.
        return text.first == "+" ? nil : .uint(magnitude)
    }

    /// yaml.v2's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isYAMLStyleFloat(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digitRun() -> Int {
            var n = 0
            while let b = bytes.first, b >= 48, b <= 57 { bytes = bytes.dropFirst(); n += 1 }
            return n
        }
        if let b = bytes.first, b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digitRun() > 0 else { return false }
        } else {
            guard digitRun() > 0 else { return false }
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                _ = digitRun()
            }
        }
        if let b = bytes.first, b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digitRun() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// Go's `strconv.ParseFloat` for decimal text (hex floats and inf/nan words never reach here).
    static func parseGoFloat(_ text: String) -> Double? {
        guard text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 || $0 == 46 || $0 == 43 || $0 == 45 || $0 == 101 || $0 == 69 })
        else { return nil }
        return Double(text)
    }
}
