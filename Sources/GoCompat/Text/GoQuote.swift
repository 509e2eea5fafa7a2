/// Go's `strconv` quoting and unquoting, and `unicode.IsPrint`, as templates need them:
/// string and character literals, `%q`, `%#U` and error messages that quote text.
public enum GoQuote {
    public struct SyntaxError: Error {
        public let message: String

        public init(message: String) { self.message = message }
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    public static func isPrint(_ r: UInt32) -> Bool {
        if r < 0x80 { return r >= 0x20 && r < 0x7F }
        guard let scalar = Unicode.Scalar(r) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    private static func appendEscapedRune(_ r: UInt32, quote: UInt32, asciiOnly: Bool, into out: inout String) {
        if r == quote || r == 0x5C {
            out.append("\\")
            out.unicodeScalars.append(Unicode.Scalar(r) ?? "\u{FFFD}")
            return
        }
        if asciiOnly {
            if r < 0x80, isPrint(r) {
                out.unicodeScalars.append(Unicode.Scalar(r) ?? "\u{FFFD}")
                return
            }
        } else if isPrint(r) {
            out.unicodeScalars.append(Unicode.Scalar(r) ?? "\u{FFFD}")
            return
        }
        switch r {
        case 0x07: out += "\\a"
        case 0x08: out += "\\b"
        case 0x0C: out += "\\f"
        case 0x0A: out += "\\n"
        case 0x0D: out += "\\r"
        case 0x09: out += "\\t"
        case 0x0B: out += "\\v"
        default:
            if r < 0x20 || r == 0x7F {
                out += "\\x" + Hex.digits(r, width: 2)
            } else if r < 0x10000 {
                out += "\\u" + Hex.digits(r, width: 4)
            } else {
                out += "\\U" + Hex.digits(r, width: 8)
            }
        }
    }

    /// `strconv.Quote` (or `QuoteToASCII`).
    public static func quote(_ s: String, asciiOnly: Bool = false) -> String {
        // Most quoted text is printable ASCII with nothing to escape.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) { return "\"" + s + "\"" }
        var out = "\""
        for scalar in s.unicodeScalars {
            appendEscapedRune(scalar.value, quote: 0x22, asciiOnly: asciiOnly, into: &out)
        }
        out += "\""
        return out
    }

    /// `strconv.QuoteRune` (or `QuoteRuneToASCII`); invalid runes become U+FFFD.
    public static func quoteRune(_ r: UInt32, asciiOnly: Bool = false) -> String {
        var r = r
        if Unicode.Scalar(r) == nil { r = 0xFFFD }
        var out = "'"
        appendEscapedRune(r, quote: 0x27, asciiOnly: asciiOnly, into: &out)
        out += "'"
        return out
    }

    /// `strconv.CanBackquote`.
    public static func canBackquote(_ s: String) -> Bool {
        for scalar in s.unicodeScalars {
            let r = scalar.value
            if r == 0xFEFF { return false }
            if r < 0x80 {
                if (r < 0x20 && r != 0x09) || r == 0x60 || r == 0x7F { return false }
            }
        }
        return true
    }

    /// Go's `%#U` of a rune: `U+0041 'A'`, or `U+0000` when not printable.
    public static func unicodeVerb(_ r: UInt32) -> String {
        var hex = String(r, radix: 16, uppercase: true)
        while hex.count < 4 { hex = "0" + hex }
        if r <= 0x10FFFF, isPrint(r), let scalar = Unicode.Scalar(r) {
            return "U+\(hex) '\(Character(scalar))'"
        }
        return "U+\(hex)"
    }

    /// `strconv.UnquoteChar` over UTF-8 bytes starting at `i`: the decoded value, whether it is a
    /// rune (false for a `\x` or octal byte), and the index after it.
    public static func unquoteChar(_ s: [UInt8], at i: Int, quote: UInt8) throws(SyntaxError) -> (value: UInt32, isRune: Bool, next: Int) {
        let invalid = SyntaxError(message: "invalid syntax")
        guard i < s.count else { throw invalid }
        let c = s[i]
        if c == quote, c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") { throw invalid }
        if c >= 0x80 {
            let text = String(decoding: s[i...].prefix(4), as: UTF8.self)
            let scalar = text.unicodeScalars.first ?? "\u{FFFD}"
            let width = scalar.value == 0xFFFD ? 1 : String(scalar).utf8.count
            return (scalar.value, true, i + width)
        }
        if c != UInt8(ascii: "\\") { return (UInt32(c), true, i + 1) }
        guard i + 1 < s.count else { throw invalid }
        let e = s[i + 1]
        var j = i + 2
        switch e {
        case UInt8(ascii: "a"): return (7, true, j)
        case UInt8(ascii: "b"): return (8, true, j)
        case UInt8(ascii: "f"): return (12, true, j)
        case UInt8(ascii: "n"): return (10, true, j)
        case UInt8(ascii: "r"): return (13, true, j)
        case UInt8(ascii: "t"): return (9, true, j)
        case UInt8(ascii: "v"): return (11, true, j)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
            guard j + n <= s.count else { throw invalid }
            var v: UInt32 = 0
            for k in 0..<n {
                guard let d = Hex.value(of: s[j + k]) else { throw invalid }
                v = v << 4 | UInt32(d)
            }
            j += n
            if e == UInt8(ascii: "x") { return (v, false, j) }
            if v > 0x10FFFF || (0xD800...0xDFFF).contains(v) { throw invalid }
            return (v, true, j)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            guard i + 4 <= s.count else { throw invalid }
            var v: UInt32 = 0
            for k in 1...3 {
                let d = s[i + k]
                guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "7") else { throw invalid }
                v = v << 3 | UInt32(d - UInt8(ascii: "0"))
            }
            if v > 255 { throw invalid }
            return (v, false, i + 4)
        case UInt8(ascii: "\\"): return (0x5C, true, j)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            if e != quote { throw invalid }
            return (UInt32(e), true, j)
        default:
            throw invalid
        }
    }

    /// `strconv.Unquote` for the string literal kinds templates use: "..." and `...`.
    public static func unquote(_ literal: String) throws(SyntaxError) -> String {
        let invalid = SyntaxError(message: "invalid syntax")
        let s = Array(literal.utf8)
        guard s.count >= 2 else { throw invalid }
        let q = s[0]
        guard s[s.count - 1] == q else { throw invalid }
        let body = Array(s[1..<(s.count - 1)])
        if q == UInt8(ascii: "`") {
            if body.contains(UInt8(ascii: "`")) { throw invalid }
            return String(decoding: body.filter { $0 != 0x0D }, as: UTF8.self)
        }
        guard q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") else { throw invalid }
        if body.contains(0x0A) { throw invalid }
        if !body.contains(UInt8(ascii: "\\")) && !body.contains(q) {
            if q == UInt8(ascii: "\"") { return String(decoding: body, as: UTF8.self) }
        }
        var bytes: [UInt8] = []
        var i = 0
        var count = 0
        while i < body.count {
            let (v, isRune, next) = try unquoteChar(body, at: i, quote: q)
            i = next
            count += 1
            if isRune {
                bytes.append(contentsOf: Array(String(Unicode.Scalar(v) ?? "\u{FFFD}").utf8))
            } else {
                bytes.append(UInt8(truncatingIfNeeded: v))
            }
            if q == UInt8(ascii: "'"), count > 1 { throw invalid }
        }
        if q == UInt8(ascii: "'"), count != 1 { throw invalid }
        return String(decoding: bytes, as: UTF8.self)
    }
}
