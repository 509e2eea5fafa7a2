import Foundation

extension Value {
    /// The value printed as Go's `fmt` prints it with `%v` (`%+v` with `plusFields`):
    /// `<nil>`, `[a b]`, `map[a:1 b:2]` (sorted keys), `{v1 v2}`, shortest floats (`1e+06`).
    public func printed(plusFields: Bool = false) -> String {
        var out = ""
        print(into: &out, plusFields: plusFields)
        return out
    }

    func print(into out: inout String, plusFields: Bool) {
        switch self {
        case .null: out += "<nil>"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .uint(let u): out += String(u)
        case .float(let f): out += GoFloat.format(f, verb: "g", precision: nil)
        case .string(let s): out += s
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += " " }
                item.print(into: &out, plusFields: plusFields)
            }
            out += "]"
        case .map(let map):
            out += "map["
            for (i, key) in Value.goSortedKeys(map).enumerated() {
                if i > 0 { out += " " }
                out += key
                out += ":"
                (map[key] ?? .null).print(into: &out, plusFields: plusFields)
            }
            out += "]"
        case .record(let record):
            out += "{"
            for (i, field) in record.fields.enumerated() {
                if i > 0 { out += " " }
                if plusFields { out += field.name + ":" }
                field.value.print(into: &out, plusFields: plusFields)
            }
            out += "}"
        case .time(let t): out += t.goString
        case .function(let f): out += "func(\(f.name))"
        }
    }
}

extension Value {
    /// A map's keys in Go's order: byte-wise, as Go compares strings.
    static func goSortedKeys(_ map: [String: Value]) -> [String] {
        map.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

extension Time {
    /// Go's `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    public var goString: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        var s = String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        let nanos = c.nanosecond ?? 0
        if nanos > 0 {
            var fraction = String(format: "%09d", nanos)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            s += "." + fraction
        }
        let offset = timeZone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        s += String(format: " %@%02d%02d ", sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
        // Go prints the zone's abbreviation, or the numeric offset for a zone without a name.
        let numeric = String(format: "%@%02d%02d", sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
        switch timeZone.abbreviation(for: date) {
        case nil: s += offset == 0 ? "UTC" : numeric
        case let name? where name.hasPrefix("GMT") || name.hasPrefix("UTC"): s += offset == 0 ? "UTC" : numeric
        case let name?: s += name
        }
        return s
    }
}

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
