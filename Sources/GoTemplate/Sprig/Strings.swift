import Foundation
import GoCompat

/// sprig's string functions (strings.go plus the goutils and xstrings helpers it wraps).
/// Functions whose Go parameter is `string` reject other kinds with Go's wording.
enum SprigStrings {
    static let functions: [Function] = [
        Function("trim", .exactly(1)) { a in .string(try a[0].asString().trimmingGoSpace()) },
        Function("trimAll", .exactly(2)) { a in .string(GoStrings.trim(try a[1].asString(), cutset: try a[0].asString())) },
        Function("trimall", .exactly(2)) { a in .string(GoStrings.trim(try a[1].asString(), cutset: try a[0].asString())) },
        Function("trimPrefix", .exactly(2)) { a in
            let prefix = try a[0].asString(), s = try a[1].asString()
            return .string(s.utf8.starts(with: prefix.utf8) ? String(goBytes: s.utf8.dropFirst(prefix.utf8.count)) : s)
        },
        Function("trimSuffix", .exactly(2)) { a in
            let suffix = try a[0].asString(), s = try a[1].asString()
            return .string(s.utf8.reversed().starts(with: suffix.utf8.reversed()) ? String(goBytes: s.utf8.dropLast(suffix.utf8.count)) : s)
        },
        Function("upper", .exactly(1)) { a in .string(GoStrings.mapScalars(try a[0].asString(), GoStrings.upper)) },
        Function("lower", .exactly(1)) { a in .string(GoStrings.mapScalars(try a[0].asString(), GoStrings.lower)) },
        Function("title", .exactly(1)) { a in .string(GoStrings.title(try a[0].asString())) },
        Function("untitle", .exactly(1)) { a in .string(GoStrings.untitle(try a[0].asString())) },
        Function("substr", .exactly(3)) { a in
            .string(try GoStrings.substring(try a[0].asInt(), try a[1].asInt(), try a[2].asString()))
        },
        Function("repeat", .exactly(2)) { a in .string(try GoStrings.repeated(try a[1].asString(), count: try a[0].asInt())) },
        Function("nospace", .exactly(1)) { a in
            .string(String(String.UnicodeScalarView(try a[0].asString().unicodeScalars.filter { !$0.isGoSpace })))
        },
        Function("trunc", .exactly(2)) { a in .string(GoStrings.trunc(try a[0].asInt(), try a[1].asString())) },
        Function("abbrev", .exactly(2)) { a in
            let width = try a[0].asInt(), s = try a[1].asString()
            return .string(width < 4 ? s : GoStrings.abbreviate(s, offset: 0, maxWidth: width))
        },
        Function("abbrevboth", .exactly(3)) { a in
            let left = try a[0].asInt(), right = try a[1].asInt(), s = try a[2].asString()
            if right < 4 || left > 0 && right < 7 { return .string(s) }
            return .string(GoStrings.abbreviate(s, offset: left, maxWidth: right))
        },
        Function("initials", .exactly(1)) { a in .string(GoStrings.initials(try a[0].asString())) },
        Function("randAlphaNum", .exactly(1)) { a in .string(GoStrings.random(try a[0].asInt(), from: GoStrings.alphanumerics)) },
        Function("randAlpha", .exactly(1)) { a in .string(GoStrings.random(try a[0].asInt(), from: GoStrings.letters)) },
        Function("randNumeric", .exactly(1)) { a in .string(GoStrings.random(try a[0].asInt(), from: GoStrings.digits)) },
        Function("randAscii", .exactly(1)) { a in .string(GoStrings.random(try a[0].asInt(), from: GoStrings.printableASCII)) },
        Function("swapcase", .exactly(1)) { a in .string(GoStrings.swapCase(try a[0].asString())) },
        Function("shuffle", .exactly(1)) { a in
            .string(String(String.UnicodeScalarView(try a[0].asString().unicodeScalars.shuffled())))
        },
        Function("snakecase", .exactly(1)) { a in .string(GoStrings.camelToLower(try a[0].asString(), connector: "_")) },
        Function("kebabcase", .exactly(1)) { a in .string(GoStrings.camelToLower(try a[0].asString(), connector: "-")) },
        Function("camelcase", .exactly(1)) { a in .string(GoStrings.camelCase(try a[0].asString())) },
        Function("wrap", .exactly(2)) { a in
            .string(GoStrings.wrap(try a[1].asString(), width: try a[0].asInt(), newline: "", wrapLongWords: false))
        },
        Function("wrapWith", .exactly(3)) { a in
            .string(GoStrings.wrap(try a[2].asString(), width: try a[0].asInt(), newline: try a[1].asString(), wrapLongWords: true))
        },
        Function("contains", .exactly(2)) { a in
            let sub = try a[0].asString(), s = try a[1].asString()
            return .bool(sub.isEmpty || GoStrings.index(of: sub, in: s) != nil)
        },
        Function("hasPrefix", .exactly(2)) { a in .bool(try a[1].asString().utf8.starts(with: try a[0].asString().utf8)) },
        Function("hasSuffix", .exactly(2)) { a in
            .bool(try a[1].asString().utf8.reversed().starts(with: try a[0].asString().utf8.reversed()))
        },
        Function("quote", .atLeast(0)) { a in
            .string(a.filter { $0 != .null }.map { GoQuote.quote($0.sprigString) }.joined(separator: " "))
        },
        Function("squote", .atLeast(0)) { a in
            .string(a.filter { $0 != .null }.map { "'" + $0.printed() + "'" }.joined(separator: " "))
        },
        Function("cat", .atLeast(0)) { a in .string(a.filter { $0 != .null }.map { $0.printed() }.joined(separator: " ")) },
        Function("indent", .exactly(2)) { a in
            .string(try GoStrings.indent(try a[0].asInt(), try a[1].asString()))
        },
        Function("nindent", .exactly(2)) { a in
            .string("\n" + (try GoStrings.indent(try a[0].asInt(), try a[1].asString())))
        },
        Function("replace", .exactly(3)) { a in
            // Go checks the arguments in order: old, new, then the string.
            let (old, new, text) = (try a[0].asString(), try a[1].asString(), try a[2].asString())
            return .string(GoStrings.replace(text, old: old, new: new))
        },
        Function("plural", .exactly(3)) { a in
            let one = try a[0].asString(), many = try a[1].asString()
            return .string(try a[2].asInt() == 1 ? one : many)
        },
        Function("hello", .exactly(0)) { _ in "Hello!" },
    ]
}

/// Go's `strings` and `unicode` behaviour on Swift strings. Go strings are bytes; where Go
/// indexes by byte (substr, trunc, abbrev, wrap) this does too and decodes the result leniently.
public enum GoStrings {
    public static func mapScalars(_ s: String, _ transform: (Unicode.Scalar) -> Unicode.Scalar) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars { utf8.append(contentsOf: transform(scalar).utf8) }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Go's `unicode.ToUpper`: the simple (one-to-one) case mapping. ASCII is mapped directly:
    /// Unicode property lookups dominate otherwise.
    public static func upper(_ c: Unicode.Scalar) -> Unicode.Scalar {
        if c.isASCII { return c.value >= 0x61 && c.value <= 0x7A ? Unicode.Scalar(UInt8(c.value - 0x20)) : c }
        return simpleMapping(c.properties.uppercaseMapping) ?? c
    }

    static func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
        if c.isASCII { return c.value >= 0x41 && c.value <= 0x5A ? Unicode.Scalar(UInt8(c.value + 0x20)) : c }
        return simpleMapping(c.properties.lowercaseMapping) ?? c
    }
    static func titleCase(_ c: Unicode.Scalar) -> Unicode.Scalar { simpleMapping(c.properties.titlecaseMapping) ?? c }

    private static func simpleMapping(_ mapped: String) -> Unicode.Scalar? {
        let scalars = mapped.unicodeScalars
        return scalars.count == 1 ? scalars.first : nil
    }

    /// `strings.Trim(s, cutset)`.
    static func trim(_ s: String, cutset: String) -> String {
        let cut = Set(cutset.unicodeScalars)
        var scalars = Substring(s).unicodeScalars[...]
        while let first = scalars.first, cut.contains(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, cut.contains(last) { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// `strings.Title`: upper-case (title-case) letters that follow a separator.
    static func title(_ s: String) -> String {
        var previous: Unicode.Scalar = " "
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            out.append(isTitleSeparator(previous) ? titleCase(c) : c)
            previous = c
        }
        return String(out)
    }

    private static func isTitleSeparator(_ r: Unicode.Scalar) -> Bool {
        if r.isASCII {
            if r.isGoLetter || ("0"..."9").contains(r) || r == "_" { return false }
            return true
        }
        if r.isGoLetter || r.isGoDigit { return false }
        return r.isGoSpace
    }

    /// goutils `Uncapitalize`: lower-case the first letter of each whitespace-separated word.
    static func untitle(_ s: String) -> String {
        var next = true
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if c.isGoSpace {
                next = true
                out.append(c)
            } else if next {
                out.append(lower(c))
                next = false
            } else {
                out.append(c)
            }
        }
        return String(out)
    }

    /// goutils `SwapCase`: upper → lower, lower → upper, but a lower-case letter that starts a
    /// word becomes title case.
    static func swapCase(_ s: String) -> String {
        var whitespace = true
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if c.isGoUpper || c.properties.generalCategory == .titlecaseLetter {
                out.append(lower(c))
                whitespace = false
            } else if c.isGoLower {
                out.append(whitespace ? titleCase(c) : upper(c))
                whitespace = false
            } else {
                out.append(c)
                whitespace = c.isGoSpace
            }
        }
        return String(out)
    }

    /// sprig `substring`, byte-indexed, with Go's slice-bounds panics as errors.
    static func substring(_ start: Int, _ end: Int, _ s: String) throws(FunctionError) -> String {
        let bytes = Array(s.utf8)
        func slice(_ from: Int, _ to: Int) throws(FunctionError) -> String {
            guard from >= 0, to <= bytes.count, from <= to else {
                if to > bytes.count || to < 0 {
                    throw goRuntimeError("slice bounds out of range [:\(to)] with length \(bytes.count)")
                }
                throw goRuntimeError("slice bounds out of range [\(from):\(to)]")
            }
            return String(goBytes: bytes[from..<to])
        }
        if start < 0 { return try slice(0, end) }
        if end < 0 || end > bytes.count {
            if start > bytes.count { throw goRuntimeError("slice bounds out of range [\(start):\(bytes.count)]") }
            return try slice(start, bytes.count)
        }
        return try slice(start, end)
    }

    static func trunc(_ c: Int, _ s: String) -> String {
        let bytes = Array(s.utf8)
        if c < 0 && bytes.count + c > 0 { return String(goBytes: bytes[(bytes.count + c)...]) }
        if c >= 0 && bytes.count > c { return String(goBytes: bytes[..<c]) }
        return s
    }

    static func repeated(_ s: String, count: Int) throws(FunctionError) -> String {
        if count < 0 { throw FunctionError("strings: negative Repeat count") }
        let (total, overflow) = s.utf8.count.multipliedReportingOverflow(by: count)
        if overflow { throw FunctionError("strings: Repeat output length overflow") }
        if total > 1 << 28 { throw FunctionError("strings: Repeat output of \(total) bytes is too large") }
        return String(repeating: s, count: count)
    }

    /// goutils `AbbreviateFull`, byte-indexed.
    static func abbreviate(_ s: String, offset: Int, maxWidth: Int) -> String {
        let str = Array(s.utf8)
        if str.isEmpty || maxWidth < 4 { return str.isEmpty ? "" : s }
        if str.count <= maxWidth { return s }
        var offset = min(offset, str.count)
        if str.count - offset < maxWidth - 3 { offset = str.count - (maxWidth - 3) }
        let marker = "..."
        if offset <= 4 { return String(goBytes: str[0..<(maxWidth - 3)]) + marker }
        if maxWidth < 7 { return "" }
        if offset + maxWidth - 3 < str.count {
            return marker + abbreviate(String(goBytes: str[offset...]), offset: 0, maxWidth: maxWidth - 3)
        }
        return marker + String(goBytes: str[(str.count - (maxWidth - 3))...])
    }

    /// goutils `Initials`: it walks bytes, so only ASCII initials come out as written.
    static func initials(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasGap = true
        for byte in s.utf8 {
            let ch = Unicode.Scalar(byte)
            if ch.isGoSpace {
                lastWasGap = true
            } else if lastWasGap {
                out.append(ch)
                lastWasGap = false
            }
        }
        return String(out)
    }

    static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    static let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    static let digits = Array("0123456789")
    static let printableASCII = (32...126).map { Character(Unicode.Scalar(UInt8($0))) }

    /// goutils' crypto-random strings; a negative count is an error sprig swallows ("").
    static func random(_ count: Int, from alphabet: [Character]) -> String {
        guard count > 0, count <= 1 << 24 else { return "" }
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// xstrings `ToCamelCase` (v1.3.3, which sprig 3.2.3 requires): words joined at `-`, `_` or
    /// white space, first letters upper-cased, the rest lower-cased; leading and doubled
    /// connectors survive.
    static func camelCase(_ s: String) -> String {
        var scalars = Array(s.unicodeScalars)[...]
        if scalars.isEmpty { return "" }
        var out = String.UnicodeScalarView()
        var r0: Unicode.Scalar = "_"
        // Leading connectors stay in the output.
        while let first = scalars.first {
            scalars = scalars.dropFirst()
            r0 = first
            if !isConnector(r0) {
                r0 = upper(r0)
                break
            }
            out.append(r0)
        }
        if scalars.isEmpty {
            // xstrings writes the last rune once more: "a" → "A", and "_" → "__".
            out.append(r0)
            return String(out)
        }
        while let next = scalars.first {
            scalars = scalars.dropFirst()
            let r1 = r0
            r0 = next
            if isConnector(r0) && isConnector(r1) {
                out.append(r1)
                continue
            }
            if isConnector(r1) {
                r0 = upper(r0)
            } else {
                r0 = lower(r0)
                out.append(r1)
            }
        }
        out.append(r0)
        return String(out)
    }

    /// xstrings' word connectors: `-`, `_` and white space.
    static func isConnector(_ r: Unicode.Scalar) -> Bool {
        r == "-" || r == "_" || r.isGoSpace
    }

    /// xstrings `camelCaseToLowerCase` (v1.3.3), behind `snakecase` and `kebabcase`: the
    /// string cut into words (``nextWord(_:)``), upper-case words lowered, joined by `connector`;
    /// a number stays with the word before it unless lower-case letters follow it
    /// (`Bld4Floor` → `bld4_floor`, `HTTP2xx` → `http_2xx`).
    static func camelToLower(_ s: String, connector: Unicode.Scalar) -> String {
        let scalars = Array(s.unicodeScalars)[...]
        if scalars.isEmpty { return "" }
        var out = String.UnicodeScalarView()
        func write(_ type: WordType, _ word: ArraySlice<Unicode.Scalar>) {
            guard type == .upperCase || type == .connector else {
                out.append(contentsOf: word)
                return
            }
            for r in word { out.append(isConnector(r) ? connector : (r.isGoUpper ? lower(r) : r)) }
        }
        var (type, word, remaining) = nextWord(scalars)
        while !remaining.isEmpty {
            if type != .connector { write(type, word) }
            let previous = type
            let last = word
            (type, word, remaining) = nextWord(remaining)
            switch previous {
            case .number:
                while type == .alphabet || type == .number {
                    write(type, word)
                    (type, word, remaining) = nextWord(remaining)
                }
                if type != .invalid && type != .punct && type != .connector { out.append(connector) }
            case .connector:
                write(previous, last)
            case .punct:
                break
            default:
                guard type == .number else {
                    if type != .connector && type != .punct { out.append(connector) }
                    break
                }
                if remaining.isEmpty { break }
                let number = word
                (type, word, remaining) = nextWord(remaining)
                // A number followed by anything but letters belongs to the word before it.
                guard type == .alphabet else {
                    write(.number, number)
                    if type != .connector && type != .punct { out.append(connector) }
                    break
                }
                out.append(connector)
                write(.number, number)
                while type == .alphabet || type == .number {
                    write(type, word)
                    (type, word, remaining) = nextWord(remaining)
                }
                if type != .invalid && type != .connector && type != .punct { out.append(connector) }
            }
        }
        write(type, word)
        return String(out)
    }

    enum WordType { case invalid, number, upperCase, alphabet, connector, punct, other }

    /// xstrings `nextWord`: the kind of the word `s` starts with, the word, and the rest. A run
    /// of capitals is one word, less its last letter when a lower-case one follows
    /// (`HTTPStatus` → `HTTP`, `Status`).
    static func nextWord(_ s: ArraySlice<Unicode.Scalar>) -> (WordType, ArraySlice<Unicode.Scalar>, ArraySlice<Unicode.Scalar>) {
        guard let first = s.first else { return (.invalid, s, s) }
        var end = s.startIndex + 1
        func extend(while belongs: (Unicode.Scalar) -> Bool) {
            while end < s.endIndex, belongs(s[end]) { end += 1 }
        }
        let type: WordType
        if isConnector(first) {
            type = .connector
            extend(while: isConnector)
        } else if first.isGoPunct {
            type = .punct
            extend(while: \.isGoPunct)
        } else if first.isGoUpper {
            type = .upperCase
            if end < s.endIndex {
                if s[end].isGoUpper {
                    extend(while: \.isGoUpper)
                    if end < s.endIndex, isAlphabet(s[end]) { end -= 1 }
                } else if isAlphabet(s[end]) {
                    extend(while: { isAlphabet($0) && !$0.isGoUpper })
                }
            }
        } else if isAlphabet(first) {
            type = .alphabet
            extend(while: { isAlphabet($0) && !$0.isGoUpper })
        } else if first.isGoNumber {
            type = .number
            extend(while: \.isGoNumber)
        } else {
            type = .other
            extend(while: { !(isConnector($0) || isAlphabet($0) || $0.isGoNumber || $0.isGoPunct) })
        }
        return (type, s[s.startIndex..<end], s[end...])
    }

    /// xstrings `isAlphabet`: a letter, but not a CJK ideograph.
    static func isAlphabet(_ r: Unicode.Scalar) -> Bool {
        guard r.isGoLetter else { return false }
        switch r.value {
        case 0x4E00...0x9FCC, 0x3400...0x4D85, 0x20000...0x2B81D: return false
        default: return true
        }
    }

    /// goutils `WrapCustom`, byte-indexed, words separated by ' '.
    static func wrap(_ s: String, width: Int, newline: String, wrapLongWords: Bool) -> String {
        let str = Array(s.utf8)
        if str.isEmpty { return "" }
        let newline = Array((newline.isEmpty ? "\n" : newline).utf8)
        let width = max(width, 1)
        var offset = 0
        var out: [UInt8] = []
        let space = UInt8(ascii: " ")
        while str.count - offset > width {
            if str[offset] == space {
                offset += 1
                continue
            }
            let end = min(width + offset + 1, str.count)
            if let lastSpace = str[offset..<end].lastIndex(of: space) {
                out += str[offset..<lastSpace]
                out += newline
                offset = lastSpace + 1
            } else if wrapLongWords {
                out += str[offset..<(offset + width)]
                out += newline
                offset += width
            } else if let nextSpace = str[(width + offset)...].firstIndex(of: space) {
                out += str[offset..<nextSpace]
                out += newline
                offset = nextSpace + 1
            } else {
                out += str[offset...]
                offset = str.count
            }
        }
        out += str[offset...]
        return String(goBytes: out)
    }

    static func indent(_ spaces: Int, _ v: String) throws(FunctionError) -> String {
        let pad = try repeated(" ", count: spaces)
        return pad + replace(v, old: "\n", new: "\n" + pad)
    }

    /// `strings.Replace(s, old, new, -1)`, including Go's rule for an empty `old`
    /// (insert `new` before every rune and at the end).
    public static func replace(_ s: String, old: String, new: String) -> String {
        if old.isEmpty {
            var out = new
            for scalar in s.unicodeScalars { out.unicodeScalars.append(scalar); out += new }
            return out
        }
        return split(s, separator: old, limit: -1).joined(separator: new)
    }

    /// Byte offset of `needle` in `haystack`.
    static func index(of needle: String, in haystack: String) -> Int? {
        let n = Array(needle.utf8), h = Array(haystack.utf8)
        if n.isEmpty { return 0 }
        guard h.count >= n.count else { return nil }
        for i in 0...(h.count - n.count) where h[i] == n[0] && Array(h[i..<(i + n.count)]) == n { return i }
        return nil
    }

    /// `strings.SplitN(s, sep, n)` (n < 0: all); an empty separator splits into runes.
    static func split(_ s: String, separator: String, limit n: Int) -> [String] {
        if n == 0 { return [] }
        if separator.isEmpty {
            var parts = s.unicodeScalars.map { String($0) }
            if n > 0 && parts.count > n {
                let rest = parts[(n - 1)...].joined()
                parts = Array(parts[..<(n - 1)]) + [rest]
            }
            return parts
        }
        let h = Array(s.utf8), sep = Array(separator.utf8)
        var parts: [String] = []
        var start = 0
        var i = 0
        while i + sep.count <= h.count {
            if n > 0 && parts.count == n - 1 { break }
            if h[i] == sep[0] && h[i..<(i + sep.count)].elementsEqual(sep) {
                parts.append(String(goBytes: h[start..<i]))
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(String(goBytes: h[start...]))
        return parts
    }
}
