/// Go's `time.Duration` text: `String()` and `ParseDuration`, in nanoseconds.
public enum GoDuration {
    public static func format(_ d: Int) -> String {
        if d == 0 { return "0s" }
        let negative = d < 0
        var u = d.magnitude
        var out = ""
        func fraction(_ v: UInt, _ precision: Int) -> (String, UInt) {
            var v = v
            var digits = ""
            var printed = false
            for _ in 0..<precision {
                let digit = v % 10
                printed = printed || digit != 0
                if printed { digits = String(digit) + digits }
                v /= 10
            }
            return (printed ? "." + digits : "", v)
        }
        if u < 1_000_000_000 {
            let (unit, precision): (String, Int) = u < 1000 ? ("ns", 0) : u < 1_000_000 ? ("µs", 3) : ("ms", 6)
            let (frac, whole) = fraction(u, precision)
            out = String(whole) + frac + unit
        } else {
            let (frac, whole) = fraction(u, 9)
            u = whole
            out = String(u % 60) + frac + "s"
            u /= 60
            if u > 0 {
                out = String(u % 60) + "m" + out
                u /= 60
                if u > 0 { out = String(u) + "h" + out }
            }
        }
        return (negative ? "-" : "") + out
    }

    public struct ParseError: Error, Sendable { public let message: String }

    public static func parse(_ text: String) throws(ParseError) -> Int {
        let invalid = ParseError(message: "time: invalid duration \(GoQuote.quote(text))")
        var s = Substring(text)
        var negative = false
        if let c = s.first, c == "-" || c == "+" {
            negative = c == "-"
            s = s.dropFirst()
        }
        if s == "0" { return 0 }
        if s.isEmpty { throw invalid }
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)]
        var total = 0.0
        while !s.isEmpty {
            let whole = s.prefix(while: \.isASCIIDigit)
            s = s.dropFirst(whole.count)
            var fractionDigits = Substring("")
            if s.first == "." {
                s = s.dropFirst()
                fractionDigits = s.prefix(while: \.isASCIIDigit)
                s = s.dropFirst(fractionDigits.count)
            }
            if whole.isEmpty && fractionDigits.isEmpty { throw invalid }
            let unitText = s.prefix(while: { !$0.isASCIIDigit && $0 != "." })
            s = s.dropFirst(unitText.count)
            if unitText.isEmpty { throw ParseError(message: "time: missing unit in duration \(GoQuote.quote(text))") }
            guard let unit = units.first(where: { $0.0 == unitText })?.1 else {
                throw ParseError(message: "time: unknown unit \(GoQuote.quote(String(unitText))) in duration \(GoQuote.quote(text))")
            }
            let number = Double((whole.isEmpty ? "0" : String(whole)) + "." + (fractionDigits.isEmpty ? "0" : String(fractionDigits))) ?? 0
            total += number * unit
            // 2⁶³ ns and more do not fit an int64 (the literal rounds to 2⁶³).
            if total >= 9.223372036854775807e18 { throw invalid }
        }
        return negative ? -Int(total) : Int(total)
    }

    /// `Duration.Round(m)`: half away from zero.
    public static func round(_ d: Int, to m: Int) -> Int {
        guard m > 0 else { return d }
        var r = d % m
        if d < 0 {
            r = -r
            if r + r < m { return d + r }
            let (down, overflow) = d.subtractingReportingOverflow(m - r)
            return overflow ? Int.min : down
        }
        if r + r < m { return d - r }
        let (up, overflow) = d.addingReportingOverflow(m - r)
        return overflow ? Int.max : up
    }
}
