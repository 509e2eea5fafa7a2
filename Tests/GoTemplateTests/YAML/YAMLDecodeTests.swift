import Testing
import GoTemplate

@Suite struct YAMLDecodeTests {
    @Test(arguments: [
        ("yes", Value.bool(true)), ("No", .bool(false)), ("on", .bool(true)), ("OFF", .bool(false)),
        ("y", .bool(true)), ("n", .bool(false)), ("true", .bool(true)),
        ("1.10", .float(1.1)), ("1.0", .float(1)), ("1e3", .float(1000)), (".5", .float(0.5)),
        ("08", .float(8)), ("0x1F", .int(31)), ("017", .int(15)), ("0o17", .int(15)), ("0b101", .int(5)),
        ("1_000", .int(1000)), ("-42", .int(-42)), ("+7", .int(7)),
        ("18446744073709551615", .uint(18_446_744_073_709_551_615)),
        ("~", .null), ("null", .null), ("NULL", .null), ("", .null),
        ("2001-12-14", .string("2001-12-14")), ("1:30", .string("1:30")), ("hello", .string("hello")),
        ("'yes'", .string("yes")), ("\"1.10\"", .string("1.10")), ("!!str 12", .string("12")),
        ("!!float 3", .float(3)),
    ])
    func resolvesScalarsWithYAML11Rules(text: String, expected: Value) throws {
        #expect(try YAML.decode("v: \(text)") == .map(["v": expected]))
    }

    @Test func decodesNestedCollectionsAnchorsAndMergeKeys() throws {
        let value = try YAML.decode("""
            base: &base {a: 1, b: 2}
            derived:
              <<: *base
              b: 3
            list: [x, 2, {k: v}]
            """)
        #expect(value == [
            "base": ["a": 1, "b": 2],
            "derived": ["a": 1, "b": 3],
            "list": ["x", 2, ["k": "v"]],
        ])
    }

    @Test func reportsDuplicateKeysWithTheirLine() {
        #expect(throws: YAMLError(line: 1, column: 1, message: "key \"a\" is set more than once in this mapping")) {
            try YAML.decode("a: 1\na: 2\n")
        }
    }

    @Test func reportsSyntaxErrorsWithTheirLine() throws {
        let error = try #require(throws: YAMLError.self) { try YAML.decode("a: 1\n b: 2\n  - c\n") }
        #expect(error.line != nil)
        #expect(error.description.hasPrefix("line "))
    }
}
