import Foundation

/// Where and why a JSON text could not be read; `reason` is what Go's `encoding/json` says
/// (`invalid character 'x' looking for beginning of value`, `unexpected end of JSON input`).
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset of the problem in the input.
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

extension JSONValue {
    /// Parses JSON text as Go's `json.Unmarshal` reads it, keeping object keys in document
    /// order (a repeated key is kept twice; readers take the last, as Go does) and numbers as
    /// written. Whitespace may surround the value; anything else after it is an error.
    public static func parse(_ data: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: Array(data))
        parser.skipWhitespace()
        if parser.atEnd { throw parser.endOfInput() }
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if !parser.atEnd { throw parser.invalidCharacter("after top-level value") }
        return value
    }

    /// Parses JSON text (see the byte form above).
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    var index = 0
    /// encoding/json refuses nesting deeper than 10000; this parser recurses, on stacks that
    /// template evaluation shares, so it stops at 512.
    static let maximumDepth = 512

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { index >= bytes.count }

    func endOfInput() -> JSONSyntaxError {
        JSONSyntaxError(offset: bytes.count, reason: "unexpected end of JSON input")
    }

    /// Go's `invalid character 'c' <context>`, or the end-of-input error at the end.
    func invalidCharacter(_ context: String) -> JSONSyntaxError {
        guard index < bytes.count else { return endOfInput() }
        let byte = bytes[index]
        let shown: String
        switch byte {
        case UInt8(ascii: "'"): shown = "'\\''"
        case UInt8(ascii: "\""): shown = "'\"'"
        case 0x20..<0x7F: shown = "'\(Character(Unicode.Scalar(byte)))'"
        default: shown = "'\\x" + Hex.digits(UInt32(byte), width: 2) + "'"
        }
        return JSONSyntaxError(offset: index, reason: "invalid character \(shown) \(context)")
    }

    mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) {
            index += 1
        }
    }

    mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw endOfInput() }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw invalidCharacter("looking for beginning of value")
        }
    }

    func checkDepth(_ depth: Int) throws(JSONSyntaxError) {
        if depth > Self.maximumDepth { throw JSONSyntaxError(offset: index, reason: "exceeded max depth") }
    }

    mutating func expectLiteral(_ literal: String) throws(JSONSyntaxError) {
        for expected in literal.utf8 {
            guard index < bytes.count else { throw endOfInput() }
            guard bytes[index] == expected else {
                throw invalidCharacter("in literal \(literal) (expecting '\(Character(Unicode.Scalar(expected)))')")
            }
            index += 1
        }
    }

    mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try checkDepth(depth)
        index += 1
        var members: [JSONValue.Member] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput() }
            guard bytes[index] == UInt8(ascii: "\"") else { throw invalidCharacter("looking for beginning of object key string") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput() }
            guard bytes[index] == UInt8(ascii: ":") else { throw invalidCharacter("after object key") }
            index += 1
            members.append(JSONValue.Member(key, try parseValue(depth: depth)))
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput() }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw invalidCharacter("after object key:value pair")
        }
    }

    mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try checkDepth(depth)
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            items.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput() }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw invalidCharacter("after array element")
        }
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ parser: inout JSONParser) -> Int {
            let begin = parser.index
            while parser.index < parser.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index]) {
                parser.index += 1
            }
            return parser.index - begin
        }
        guard index < bytes.count else { throw endOfInput() }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits(&self) == 0 {
            throw invalidCharacter("in numeric literal")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            if digits(&self) == 0 { throw invalidCharacter("after decimal point in numeric literal") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            if digits(&self) == 0 { throw invalidCharacter("in exponent of numeric literal") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var chunkStart = index
        func flush(_ parser: JSONParser, _ scalars: inout String.UnicodeScalarView, upTo end: Int) {
            if end > chunkStart {
                // Invalid UTF-8 becomes U+FFFD, as Go's decoder does.
                scalars.append(contentsOf: String(decoding: parser.bytes[chunkStart..<end], as: UTF8.self).unicodeScalars)
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flush(self, &scalars, upTo: index)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw invalidCharacter("in string literal") }
            if byte == UInt8(ascii: "\\") {
                flush(self, &scalars, upTo: index)
                index += 1
                guard index < bytes.count else { break }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    let first = try parseHex4()
                    if (0xD800...0xDBFF).contains(first), index + 1 < bytes.count,
                       bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        let save = index
                        index += 2
                        let second = try parseHex4()
                        if (0xDC00...0xDFFF).contains(second) {
                            let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                        } else {
                            scalars.append("\u{FFFD}")
                            index = save
                        }
                    } else {
                        scalars.append(Unicode.Scalar(first) ?? "\u{FFFD}")
                    }
                default:
                    index -= 1
                    throw invalidCharacter("in string escape code")
                }
                chunkStart = index
                continue
            }
            index += 1
        }
        throw endOfInput()
    }

    mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw endOfInput() }
            guard let digit = Hex.value(of: bytes[index]) else { throw invalidCharacter("in \\u hexadecimal character escape") }
            value = value * 16 + UInt32(digit)
            index += 1
        }
        return value
    }
}
