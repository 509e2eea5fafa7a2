import Testing
import GoTemplate

@Suite struct YAMLEncodeTests {
    @Test(arguments: [
        (Value.string("hello"), "hello\n"),
        (.string("1.0"), "\"1.0\"\n"),
        (.string("true"), "\"true\"\n"),
        (.string("yes"), "\"yes\"\n"),
        (.string(""), "\"\"\n"),
        (.string("2001-12-14"), "\"2001-12-14\"\n"),
        (.string("1:30"), "\"1:30\"\n"),
        (.string("a: b"), "'a: b'\n"),
        (.string("line1\nline2"), "|-\n  line1\n  line2\n"),
        (.int(3), "3\n"),
        (.float(1.5), "1.5\n"),
        (.float(1_000_000), "1e+06\n"),
        (.bool(false), "false\n"),
        (.null, "null\n"),
        (.list([]), "[]\n"),
        (.map([:]), "{}\n"),
    ])
    func writesScalarsAsYAMLv2(value: Value, expected: String) {
        #expect(YAML.encode(value) == expected)
    }

    @Test func sortsKeysIndentsAndLeavesSequencesUnindented() {
        let value: Value = [
            "b": ["x", "z"],
            "a10": 1, "a2": 2,
            "nested": ["z": true, "k": ["deep": "v"]],
        ]
        #expect(YAML.encode(value) == """
            a2: 2
            a10: 1
            b:
            - x
            - z
            nested:
              k:
                deep: v
              z: true

            """)
    }

    @Test func foldsLongStringsAtTheFirstSpacePast80Columns() throws {
        let long = Array(repeating: "word", count: 30).joined(separator: " ")
        let encoded = YAML.encode(["text": .string(long)])
        let first = "text: " + Array(repeating: "word", count: 16).joined(separator: " ")
        let second = "  " + Array(repeating: "word", count: 14).joined(separator: " ")
        #expect(encoded == first + "\n" + second + "\n")
        #expect(try YAML.decode(encoded) == ["text": .string(long)])
    }

    @Test func numericKeysComeFirstAndStayPlain() {
        #expect(YAML.encode(["name": "x", "80": "http", "443": "https"]) == "80: http\n443: https\nname: x\n")
    }
}
