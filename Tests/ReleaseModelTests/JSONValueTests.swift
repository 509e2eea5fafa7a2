import Foundation
import Testing
@testable import ReleaseModel

@Suite("JSON values")
struct JSONValueTests {
    @Test("strings are escaped as Go's encoder escapes them")
    func goEscaping() {
        let value = JSONValue.string("a\"b\\c\n\r\t\u{08}\u{0C}\u{01}\u{1F}<>&\u{2028}\u{2029}é😀/")
        #expect(value.goCompact() == #""a\"b\\c\n\r\t\b\f\u0001\u001f\u003c\u003e\u0026\u2028\u2029é😀/""#)
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

    @Test("JSONValue round-trips through Foundation's coders")
    func codable() throws {
        let value = JSONValue.object([.init("n", .number("3")), .init("l", .array([.string("x"), .null]))])
        let data = try JSONEncoder().encode(value)
        let back = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(back == .object([.init("l", .array([.string("x"), .null])), .init("n", .number("3"))]))
    }
}
