import Foundation

/// Go's `strconv.FormatFloat` for the verbs `e`, `f` and `g`, built on the shortest decimal
/// digits that Swift's own printing finds (the same digits Go's shortest formatting finds).
public enum GoFloat {
    /// `precision` nil is Go's -1: the shortest representation that reads back exactly.
    public static func format(_ value: Double, verb: Character, precision: Int?) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let negative = value.sign == .minus
        var digits: [UInt8]
        var decimalPoint: Int  // value = 0.d1d2d3... × 10^decimalPoint
        if let precision {
            (digits, decimalPoint) = roundedDigits(abs(value), verb: verb, precision: precision)
        } else {
            (digits, decimalPoint) = shortestDigits(abs(value))
        }
        var out = negative ? "-" : ""
        switch verb {
        case "e", "E":
            let fractionDigits = precision ?? max(digits.count - 1, 0)
            out += formatE(digits, decimalPoint, fractionDigits, verb)
        case "f", "F":
            let fractionDigits = precision ?? max(digits.count - decimalPoint, 0)
            out += formatF(digits, decimalPoint, fractionDigits)
        default:  // g, G
            var eprec = precision ?? digits.count
            if precision != nil, eprec > digits.count, digits.count >= decimalPoint { eprec = digits.count }
            if precision == nil { eprec = 6 }
            if eprec == 0 { eprec = 1 }
            let exponent = decimalPoint - 1
            if exponent < -4 || exponent >= eprec {
                let p = precision.map { max($0, 1) } ?? digits.count
                out += formatE(digits, decimalPoint, min(p, digits.count) - 1, verb == "G" ? "E" : "e")
            } else {
                let p = precision.map { max($0, 1) } ?? digits.count
                out += formatF(digits, decimalPoint, max(min(p, digits.count) - decimalPoint, 0))
            }
        }
        return out
    }

    private static func shortestDigits(_ value: Double) -> ([UInt8], Int) {
        if value == 0 { return ([0], 1) }
        // Swift prints the shortest round-tripping digits, as "123.45", "1e-05" or "1.2e+16".
        let text = "\(value)"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var pointIndex: Int?
        for ch in mantissa {
            if ch == "." { pointIndex = digits.count; continue }
            digits.append(UInt8(ch.asciiValue! - 48))
        }
        var decimalPoint = (pointIndex ?? digits.count) + exponent
        while digits.count > 1, digits.first == 0 {
            digits.removeFirst()
            decimalPoint -= 1
        }
        while digits.count > 1, digits.last == 0 { digits.removeLast() }
        return (digits, decimalPoint)
    }

    private static func roundedDigits(_ value: Double, verb: Character, precision: Int) -> ([UInt8], Int) {
        // C's printf rounds correctly from the exact binary value, as Go does.
        let spec: String
        switch verb {
        case "f", "F": spec = "%.\(precision)f"
        default: spec = "%.\(max(verb == "g" || verb == "G" ? max(precision, 1) - 1 : precision, 0))e"
        }
        let text = String(format: spec, value)
        if verb == "f" || verb == "F" {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            var digits = Array(parts[0].utf8).map { $0 - 48 }
            let point = digits.count
            if parts.count > 1 { digits += parts[1].utf8.map { $0 - 48 } }
            var dp = point
            while digits.count > 1, digits.first == 0 {
                digits.removeFirst()
                dp -= 1
            }
            // Go's decimal digits carry no trailing zeros; formatting pads them back.
            while digits.count > 1, digits.last == 0 { digits.removeLast() }
            if digits == [0] { dp = 1 }
            return (digits, dp)
        }
        guard let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else {
            return ([0], 1)
        }
        var digits = text[..<e].utf8.filter { $0 != UInt8(ascii: ".") }.map { $0 - 48 }
        while digits.count > 1, digits.last == 0 { digits.removeLast() }
        return (digits, value == 0 ? 1 : exponent + 1)
    }

    private static func formatE(_ digits: [UInt8], _ decimalPoint: Int, _ fractionDigits: Int, _ verb: Character) -> String {
        var out = String(UnicodeScalar(48 + digits[0]))
        if fractionDigits > 0 {
            out += "."
            for i in 1...fractionDigits { out += String(UnicodeScalar(48 + (i < digits.count ? digits[i] : 0))) }
        }
        let exponent = digits == [0] ? 0 : decimalPoint - 1
        out += verb == "E" ? "E" : "e"
        out += exponent < 0 ? "-" : "+"
        let magnitude = abs(exponent)
        out += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
        return out
    }

    private static func formatF(_ digits: [UInt8], _ decimalPoint: Int, _ fractionDigits: Int) -> String {
        func digit(_ i: Int) -> String { String(UnicodeScalar(48 + (i >= 0 && i < digits.count ? digits[i] : 0))) }
        var out = ""
        if decimalPoint > 0 {
            for i in 0..<decimalPoint { out += digit(i) }
        } else {
            out += "0"
        }
        if fractionDigits > 0 {
            out += "."
            for i in 0..<fractionDigits { out += digit(decimalPoint + i) }
        }
        return out
    }
}

extension GoFloat {
    /// How `encoding/json` writes a float64: the shortest digits in `%f` form, `%e` below 1e-6
    /// or from 1e21 with the exponent's leading zero dropped (`1e-07`); nil for NaN and the
    /// infinities, which Go refuses to encode.
    public static func json(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        let magnitude = abs(value)
        if magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) {
            var text = format(value, verb: "e", precision: nil)
            if let exponent = text.range(of: "e-0") { text.replaceSubrange(exponent, with: "e-") }
            return text
        }
        return format(value, verb: "f", precision: nil)
    }
}
