import Foundation

/// Go's `encoding/json` for template values: `Marshal` (sorted map keys, HTML-escaped `<>&`,
/// Go float formatting), `MarshalIndent`, and `Unmarshal` into `interface{}` (numbers as float64).
enum GoJSON {
    struct EncodingError: Error { let message: String }

    static func encode(_ value: Value, escapeHTML: Bool = true, indent: String? = nil) throws(EncodingError) -> String {
        var out = ""
        try write(value, into: &out, escapeHTML: escapeHTML, indent: indent, depth: 0)
        return out
    }

    private static func write(_ value: Value, into out: inout String, escapeHTML: Bool, indent: String?, depth: Int) throws(EncodingError) {
        func newline(_ level: Int) {
            if let indent { out += "\n" + String(repeating: indent, count: level) }
        }
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .uint(let u): out += String(u)
        case .float(let f): out += try formatFloat(f)
        case .string(let s): writeString(s, into: &out, escapeHTML: escapeHTML)
        case .time(let t): writeString(GoTimeFormat.format(t, layout: GoTimeFormat.rfc3339Nano), into: &out, escapeHTML: escapeHTML)
        case .function:
            throw EncodingError(message: "json: unsupported type: func()")
        case .list(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                newline(depth + 1)
                try write(item, into: &out, escapeHTML: escapeHTML, indent: indent, depth: depth + 1)
            }
            newline(depth)
            out += "]"
        case .map(let map):
            let pairs = map.keys.sorted(by: String.goLess).map { ($0, map[$0] ?? .null) }
            try writeObject(pairs, into: &out, escapeHTML: escapeHTML, indent: indent, depth: depth)
        case .record(let record):
            try writeObject(record.fields.map { ($0.name, $0.value) }, into: &out, escapeHTML: escapeHTML, indent: indent, depth: depth)
        }
    }

    private static func writeObject(_ pairs: [(String, Value)], into out: inout String, escapeHTML: Bool, indent: String?, depth: Int) throws(EncodingError) {
        if pairs.isEmpty { out += "{}"; return }
        out += "{"
        for (i, (key, item)) in pairs.enumerated() {
            if i > 0 { out += "," }
            if let indent { out += "\n" + String(repeating: indent, count: depth + 1) }
            writeString(key, into: &out, escapeHTML: escapeHTML)
            out += indent == nil ? ":" : ": "
            try write(item, into: &out, escapeHTML: escapeHTML, indent: indent, depth: depth + 1)
        }
        if let indent { out += "\n" + String(repeating: indent, count: depth) }
        out += "}"
    }

    /// encoding/json's float format: `%f`-style shortest digits, `%e` below 1e-6 or from 1e21,
    /// with the exponent's leading zero dropped (`1e-07`).
    static func formatFloat(_ f: Double) throws(EncodingError) -> String {
        guard f.isFinite else {
            throw EncodingError(message: "json: unsupported value: \(GoFloat.format(f, verb: "g", precision: nil))")
        }
        let magnitude = abs(f)
        if magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) {
            var s = GoFloat.format(f, verb: "e", precision: nil)
            if let e = s.range(of: "e-0") { s.replaceSubrange(e, with: "e-") }
            return s
        }
        return GoFloat.format(f, verb: "f", precision: nil)
    }

    private static func writeString(_ s: String, into out: inout String, escapeHTML: Bool) {
        // Most strings are printable ASCII with nothing to escape.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C && !(escapeHTML && ($0 == 0x3C || $0 == 0x3E || $0 == 0x26)) }) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            case "<", ">", "&":
                if escapeHTML { out += String(format: "\\u%04x", c.value) } else { out.unicodeScalars.append(c) }
            default:
                if c.value < 0x20 {
                    out += String(format: "\\u%04x", c.value)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out += "\""
    }

    // MARK: Decoding

    struct DecodingError: Error { let message: String }

    /// `json.Unmarshal` into `interface{}`.
    static func decode(_ text: String) throws(DecodingError) -> Value {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipSpace()
        if parser.atEnd { throw DecodingError(message: "unexpected end of JSON input") }
        let value = try parser.parseValue()
        parser.skipSpace()
        if !parser.atEnd { throw parser.invalid("after top-level value") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0
        var depth = 0
        var atEnd: Bool { i >= bytes.count }

        mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        }

        func invalid(_ context: String) -> DecodingError {
            guard i < bytes.count else { return DecodingError(message: "unexpected end of JSON input") }
            let c = bytes[i]
            let shown: String
            switch c {
            case UInt8(ascii: "'"): shown = "'\\''"
            case UInt8(ascii: "\""): shown = "'\"'"
            case 0x20..<0x7F: shown = "'\(Character(Unicode.Scalar(c)))'"
            default: shown = String(format: "'\\x%02x'", c)
            }
            return DecodingError(message: "invalid character \(shown) \(context)")
        }

        mutating func parseValue() throws(DecodingError) -> Value {
            skipSpace()
            guard i < bytes.count else { throw DecodingError(message: "unexpected end of JSON input") }
            switch bytes[i] {
            case UInt8(ascii: "{"): return try parseObject()
            case UInt8(ascii: "["): return try parseArray()
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            default: throw invalid("looking for beginning of value")
            }
        }

        mutating func literal(_ word: String) throws(DecodingError) {
            for expected in word.utf8 {
                guard i < bytes.count else { throw DecodingError(message: "unexpected end of JSON input") }
                guard bytes[i] == expected else { throw invalid("in literal \(word) (expecting '\(Character(Unicode.Scalar(expected)))')") }
                i += 1
            }
        }

        mutating func parseNumber() throws(DecodingError) -> Value {
            let start = i
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            func digits() -> Int {
                let s = i
                while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
                return i - s
            }
            guard i < bytes.count else { throw DecodingError(message: "unexpected end of JSON input") }
            if bytes[i] == UInt8(ascii: "0") { i += 1 } else if digits() == 0 { throw invalid("in numeric literal") }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                if digits() == 0 { throw invalid("after decimal point in numeric literal") }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                if digits() == 0 { throw invalid("in exponent of numeric literal") }
            }
            let text = String(goBytes: bytes[start..<i])
            return .float(Double(text) ?? 0)
        }

        mutating func parseString() throws(DecodingError) -> String {
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let c = bytes[i]
                switch c {
                case UInt8(ascii: "\""):
                    i += 1
                    return String(goBytes: out)
                case UInt8(ascii: "\\"):
                    i += 1
                    guard i < bytes.count else { throw DecodingError(message: "unexpected end of JSON input") }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                            let save = i
                            i += 2
                            let low = try hex4()
                            if (0xDC00..<0xE000).contains(low) {
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                i = save
                            }
                        }
                        let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                        out += Array(String(Character(scalar)).utf8)
                    default:
                        i -= 1
                        throw invalid("in string escape code")
                    }
                default:
                    if c < 0x20 { throw invalid("in string literal") }
                    out.append(c)
                    i += 1
                }
            }
            throw DecodingError(message: "unexpected end of JSON input")
        }

        mutating func hex4() throws(DecodingError) -> UInt32 {
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard i < bytes.count else { throw DecodingError(message: "unexpected end of JSON input") }
                guard let d = Character(Unicode.Scalar(bytes[i])).hexDigitValue else { throw invalid("in \\u hexadecimal character escape") }
                code = code * 16 + UInt32(d)
                i += 1
            }
            return code
        }

        /// encoding/json refuses nesting deeper than 10000; this parser recurses on a thread stack
        /// that template evaluation shares, so it stops at 512.
        mutating func enter() throws(DecodingError) {
            depth += 1
            if depth > 512 { throw DecodingError(message: "exceeded max depth") }
        }

        mutating func parseArray() throws(DecodingError) -> Value {
            try enter()
            defer { depth -= 1 }
            i += 1
            var items: [Value] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .list(items) }
            while true {
                items.append(try parseValue())
                skipSpace()
                guard i < bytes.count else { throw DecodingError(message: "unexpected end of JSON input") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .list(items) }
                throw invalid("after array element")
            }
        }

        mutating func parseObject() throws(DecodingError) -> Value {
            try enter()
            defer { depth -= 1 }
            i += 1
            var map: [String: Value] = [:]
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .map(map) }
            while true {
                skipSpace()
                guard i < bytes.count else { throw DecodingError(message: "unexpected end of JSON input") }
                guard bytes[i] == UInt8(ascii: "\"") else { throw invalid("looking for beginning of object key string") }
                let key = try parseString()
                skipSpace()
                guard i < bytes.count else { throw DecodingError(message: "unexpected end of JSON input") }
                guard bytes[i] == UInt8(ascii: ":") else { throw invalid("after object key") }
                i += 1
                map[key] = try parseValue()
                skipSpace()
                guard i < bytes.count else { throw DecodingError(message: "unexpected end of JSON input") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .map(map) }
                throw invalid("after object key:value pair")
            }
        }
    }
}
