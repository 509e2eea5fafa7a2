import Testing
import TestSupport
@testable import GoTemplate

/// sprig's defaults.go functions; cases from defaults_test.go and the documentation.
@Suite struct DefaultsTests {
    static let record = Value.record(Record(typeName: "main.T", fields: []))

    @Test(arguments: [
        FunctionCase("default", ["foo", ""], "foo"),
        FunctionCase("default", ["foo", 234], 234),
        FunctionCase("default", ["foo", 2.34], 2.34),
        FunctionCase("default", ["123", nil], "123"),
        FunctionCase("default", ["123"], "123"),
        FunctionCase("default", ["x", false], "x"),
        FunctionCase("default", ["x", 0], "x"),
        FunctionCase("default", ["x", []], "x"),
        FunctionCase("default", ["x", [:]], "x"),
        FunctionCase("default", ["x", true], true),
        FunctionCase("default", ["x", record], record),
        FunctionCase("empty", [1], false),
        FunctionCase("empty", [0], true),
        FunctionCase("empty", [""], true),
        FunctionCase("empty", [0.0], true),
        FunctionCase("empty", [false], true),
        FunctionCase("empty", [nil], true),
        FunctionCase("empty", [[]], true),
        FunctionCase("empty", [[1]], false),
        FunctionCase("empty", [[:]], true),
        FunctionCase("empty", [.uint(0)], true),
        FunctionCase("empty", [record], false),
        FunctionCase("coalesce", [1], 1),
        FunctionCase("coalesce", ["", 0, nil, 2], 2),
        FunctionCase("coalesce", ["", 2, 0, 0, 0], 2),
        FunctionCase("coalesce", ["", 2, 3, 4, 5], 2),
        FunctionCase("coalesce", [], nil),
        FunctionCase("coalesce", [nil, nil, nil, "airplane"], "airplane"),
        FunctionCase("all", [1], true),
        FunctionCase("all", ["", 0, nil, 2], false),
        FunctionCase("all", ["", 2, 3, 4, 5], false),
        FunctionCase("all", [], true),
        FunctionCase("all", ["a", 1, true, [1]], true),
        FunctionCase("any", [1], true),
        FunctionCase("any", ["", 0, nil, 2], true),
        FunctionCase("any", ["", 0, 0, 0], false),
        FunctionCase("any", [], false),
        FunctionCase("ternary", ["foo", "bar", true], "foo"),
        FunctionCase("ternary", ["foo", "bar", false], "bar"),
        FunctionCase("ternary", ["foo", "bar", 1], error: "wrong type for value; expected bool; got int"),
        FunctionCase("fail", ["boom"], error: "boom"),
        FunctionCase("required", ["value is required", nil], error: "value is required"),
        FunctionCase("required", ["value is required", ""], error: "value is required"),
        FunctionCase("required", ["value is required", "x"], "x"),
        FunctionCase("required", ["value is required", 0], 0),
    ])
    func defaultsFunction(_ c: FunctionCase) { c.check() }

    @Test(arguments: [
        FunctionCase("fromJson", [#"{"foo": 55}"#], ["foo": 55.0]),
        FunctionCase("fromJson", [#"[1, "a", true, null, {"b": []}]"#], [1.0, "a", true, nil, ["b": []]]),
        FunctionCase("fromJson", [#""\u00e9\n\ud83d\ude00""#], "é\n😀"),
        FunctionCase("fromJson", ["-1.5e2"], -150.0),
        FunctionCase("fromJson", ["bad"], nil),
        FunctionCase("mustFromJson", [#"{"foo": 55}"#], ["foo": 55.0]),
        FunctionCase("mustFromJson", ["bad"], error: "invalid character 'b' looking for beginning of value"),
        FunctionCase("mustFromJson", [""], error: "unexpected end of JSON input"),
        FunctionCase("mustFromJson", [#"{"a":1"#], error: "unexpected end of JSON input"),
        FunctionCase("mustFromJson", ["[1,]"], error: "invalid character ']' looking for beginning of value"),
        FunctionCase("mustFromJson", [#"{"a" 1}"#], error: "invalid character '1' after object key"),
        FunctionCase("mustFromJson", ["1 2"], error: "invalid character '2' after top-level value"),
        FunctionCase("mustFromJson", ["{'a': 1}"], error: "invalid character '\\'' looking for beginning of object key string"),
        FunctionCase("mustFromJson", [1], error: "wrong type for value; expected string; got int"),
    ])
    func fromJson(_ c: FunctionCase) { c.check() }

    static let top: Value = ["bool": true, "string": "test", "number": 42, "html": "<HEAD>"]

    @Test(arguments: [
        FunctionCase("toJson", [["bool": true, "string": "test", "number": 42]], #"{"bool":true,"number":42,"string":"test"}"#),
        FunctionCase("toJson", [top], #"{"bool":true,"html":"\u003cHEAD\u003e","number":42,"string":"test"}"#),
        FunctionCase("toRawJson", [top], #"{"bool":true,"html":"<HEAD>","number":42,"string":"test"}"#),
        FunctionCase("mustToRawJson", [top], #"{"bool":true,"html":"<HEAD>","number":42,"string":"test"}"#),
        FunctionCase("toPrettyJson", [["bool": true, "string": "test", "number": 42]], "{\n  \"bool\": true,\n  \"number\": 42,\n  \"string\": \"test\"\n}"),
        FunctionCase("toPrettyJson", [[1, [], [:], ["a": [2]]]], "[\n  1,\n  [],\n  {},\n  {\n    \"a\": [\n      2\n    ]\n  }\n]"),
        FunctionCase("toJson", [1.5], "1.5"),
        FunctionCase("toJson", [100.0], "100"),
        FunctionCase("toJson", [1e21], "1e+21"),
        FunctionCase("toJson", [1e20], "100000000000000000000"),
        FunctionCase("toJson", [0.0000001], "1e-7"),
        FunctionCase("toJson", [0.000001], "0.000001"),
        FunctionCase("toJson", [-0.5], "-0.5"),
        FunctionCase("toJson", [nil], "null"),
        FunctionCase("toJson", [[]], "[]"),
        FunctionCase("toJson", [[:]], "{}"),
        FunctionCase("toJson", [.uint(7)], "7"),
        FunctionCase("toJson", ["a\u{2028}b\t\"\\\u{1}&"], #""a\u2028b\t\"\\\u0001\u0026""#),
        FunctionCase("toRawJson", ["<&>\u{2029}"], #""<&>\u2029""#),
        // Go ≥ 1.22 writes backspace and form feed short.
        FunctionCase("toJson", ["\u{8}\u{C}"], #""\b\f""#),
        FunctionCase("toJson", [.record(Record(typeName: "templates.KeyValuePair", fields: [("Key", "a"), ("Value", 1)]))], #"{"Key":"a","Value":1}"#),
        FunctionCase("toJson", [.float(.nan)], ""),
        FunctionCase("mustToJson", [.float(.nan)], error: "json: unsupported value: NaN"),
        FunctionCase("mustToPrettyJson", [[.float(.infinity)]], error: "json: unsupported value: +Inf"),
        FunctionCase("mustToJson", [["a": 1]], #"{"a":1}"#),
    ])
    func toJson(_ c: FunctionCase) { c.check() }

    @Test func jsonRoundTrips() throws {
        let value: Value = ["list": [1.0, "two", false, nil], "nested": ["x": "<y>"]]
        let encoded = try call("toJson", value)
        #expect(try call("fromJson", encoded) == value)
    }
}
