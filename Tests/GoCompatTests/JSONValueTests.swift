import Foundation
import GoCompat
import Testing

@Suite("JSON values")
struct JSONValueTests {
    @Test("strings are escaped as Go's encoder escapes them")
    func goEscaping() {
        let value = JSONValue.string("a\"b\\c\n\r\t\u{08}\u{0C}\u{01}\u{1F}<>&\u{2028}\u{2029}é😀/")
        #expect(value.goCompact() == #""a\"b\\c\n\r\t\b\f\u0001\u001f\u003c\u003e\u0026\u2028\u2029é😀/""#)
    }

    @Test("without HTML escaping, <, > and & are written as they are (json.Encoder.SetEscapeHTML(false))")
    func noHTMLEscaping() {
        #expect(JSONValue.string("<a&b>\u{2028}").goCompact(escapeHTML: false) == #""<a&b>\u2028""#)
    }

    @Test("parsing keeps key order, number text and unicode escapes")
    func parsing() throws {
        let value = try JSONValue.parse(Data(#" {"b": [1, -2.50e+3, true, false, null], "a": "x\u00e9\ud83d\ude00\/"} "#.utf8))
        #expect(value == .object([
            .init("b", .array([.number("1"), .number("-2.50e+3"), .bool(true), .bool(false), .null])),
            .init("a", .string("xé😀/")),
        ]))
        #expect(value.goIndented() == "{\n  \"b\": [\n    1,\n    -2.50e+3,\n    true,\n    false,\n    null\n  ],\n  \"a\": \"xé😀/\"\n}")
    }

    @Test("malformed JSON is refused with a position", arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "\"abc", "\"\u{01}\"", "tru", "{} {}", "\"\\x\"", "[1 2]",
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ])
    func malformed(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Data(text.utf8)) }
    }

    @Test("errors say what Go's decoder says, at the byte where it stopped", arguments: [
        ("", "unexpected end of JSON input", 0),
        ("{", "unexpected end of JSON input", 1),
        ("[1,]", "invalid character ']' looking for beginning of value", 3),
        ("{\"a\" 1}", "invalid character '1' after object key", 5),
        ("01", "invalid character '1' after top-level value", 1),
        ("tru", "unexpected end of JSON input", 3),
        ("nul!", "invalid character '!' in literal null (expecting 'l')", 3),
        ("[1 2]", "invalid character '2' after array element", 3),
        ("\"\\x\"", "invalid character 'x' in string escape code", 2),
        ("{'a': 1}", "invalid character '\\'' looking for beginning of object key string", 1),
    ])
    func goMessages(text: String, reason: String, offset: Int) {
        #expect(throws: JSONSyntaxError(offset: offset, reason: reason)) { try JSONValue.parse(text) }
    }

    @Test("JSONValue round-trips through Foundation's coders")
    func codable() throws {
        let value = JSONValue.object([.init("n", .number("3")), .init("l", .array([.string("x"), .null]))])
        let data = try JSONEncoder().encode(value)
        let back = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(back == .object([.init("l", .array([.string("x"), .null])), .init("n", .number("3"))]))
    }
}
