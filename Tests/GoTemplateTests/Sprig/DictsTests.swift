import Testing
import TestSupport
@testable import GoTemplate

/// sprig's dict.go functions; cases from dict_test.go and the documentation.
@Suite struct DictsTests {
    static let d: Value = ["one": 1, "two": 222222]

    @Test(arguments: [
        FunctionCase("dict", [1, 2, "three", "four", 5], ["1": 2, "three": "four", "5": ""]),
        FunctionCase("dict", ["I", "shot", "the", "albatross"], ["I": "shot", "the": "albatross"]),
        FunctionCase("dict", [], [:]),
        FunctionCase("set", [d, "two", 2], ["one": 1, "two": 2]),
        FunctionCase("set", [d, "three", 3], ["one": 1, "two": 222222, "three": 3]),
        FunctionCase("set", [nil, "a", 1], error: "assignment to entry in nil map"),
        FunctionCase("unset", [d, "two"], ["one": 1]),
        FunctionCase("unset", [d, "nine"], d),
        FunctionCase("hasKey", [d, "one"], true),
        FunctionCase("hasKey", [d, "three"], false),
        FunctionCase("hasKey", [["n": nil], "n"], true),
        FunctionCase("pluck", ["two", d, ["one": 1, "two": 33333], ["one": 1], ["one": 1, "two": 4444]], [222222, 33333, 4444]),
        FunctionCase("pluck", ["two"], []),
        FunctionCase("keys", [["foo": 1, "bar": 2]], ["bar", "foo"]),
        FunctionCase("keys", [[:]], []),
        FunctionCase("keys", [["foo": 1], ["bar": 2], ["bar": 3]], ["foo", "bar", "bar"]),
        FunctionCase("pick", [d, "two"], ["two": 222222]),
        FunctionCase("pick", [d, "one", "two", "three"], d),
        FunctionCase("pick", [[:], "two"], [:]),
        FunctionCase("omit", [d, "one"], ["two": 222222]),
        FunctionCase("omit", [d, "one", "two"], [:]),
        FunctionCase("omit", [d, "two", "three"], ["one": 1]),
        FunctionCase("values", [["a": 1, "b": 2]], [1, 2]),
        FunctionCase("values", [["b": "first", "a": 2]], [2, "first"]),
        FunctionCase("dig", ["a", "b", "c", "default", ["a": ["b": ["c": "found"]]]], "found"),
        FunctionCase("dig", ["a", "x", "default", ["a": ["b": 1]]], "default"),
        FunctionCase("dig", ["a", "default", ["a": ["b": 1]]], ["b": 1]),
        FunctionCase("dig", ["a", "b", "default", ["a": "str"]], error: "interface conversion: interface {} is string, not map[string]interface {}"),
        FunctionCase("dig", ["a", ["a": 1]], error: "dig needs at least three arguments"),
        FunctionCase("dig", ["a", "d", nil], error: "interface conversion: interface {} is nil, not map[string]interface {}"),
        FunctionCase("deepCopy", [["a": [1, ["b": 2]]]], ["a": [1, ["b": 2]]]),
        FunctionCase("mustDeepCopy", [nil], nil),
    ])
    func dictFunction(_ c: FunctionCase) { c.check() }

    /// sprig's own `get` (shuttle replaces it with its path lookup).
    @Test(arguments: [
        FunctionCase("get", [["one": 1], "one"], 1),
        FunctionCase("get", [["one": 1, "two": "2"], "two"], "2"),
        FunctionCase("get", [[:], "two"], ""),
        FunctionCase("get", [nil, "two"], ""),
        FunctionCase("get", ["x", "two"], error: "wrong type for value; expected map[string]interface {}; got string"),
    ])
    func sprigGet(_ c: FunctionCase) { c.check(in: .sprig) }

    static let dst: Value = ["default": "default", "overwrite": "me", "key": true, "nested": ["a": 1, "empty": ""]]
    static let src: Value = ["overwrite": "overwritten", "key": false, "new": "value", "nested": ["a": 2, "b": 3, "empty": "filled"]]

    @Test(arguments: [
        FunctionCase("merge", [dst, src], [
            "default": "default", "overwrite": "me", "key": true, "new": "value",
            "nested": ["a": 1, "b": 3, "empty": "filled"],
        ]),
        FunctionCase("mergeOverwrite", [dst, src], [
            "default": "default", "overwrite": "overwritten", "key": false, "new": "value",
            "nested": ["a": 2, "b": 3, "empty": "filled"],
        ]),
        FunctionCase("mustMerge", [["a": 1], ["a": 2, "b": 2], ["b": 3, "c": 3]], ["a": 1, "b": 2, "c": 3]),
        FunctionCase("mustMergeOverwrite", [["a": 1], ["a": 2, "b": 2], ["b": 3, "c": 3]], ["a": 2, "b": 3, "c": 3]),
        FunctionCase("merge", [["a": ""], ["a": nil]], ["a": ""]),
        FunctionCase("merge", [["list": [1]], ["list": [2]]], ["list": [1]]),
        FunctionCase("mergeOverwrite", [["list": [1]], ["list": [2]]], ["list": [2]]),
        FunctionCase("merge", [["a": "x"], ["a": ["b": 1]]], ["a": "x"]),
        FunctionCase("merge", [[:]], [:]),
        FunctionCase("merge", [["a": 1], "x"], error: "wrong type for value; expected map[string]interface {}; got string"),
    ])
    func merge(_ c: FunctionCase) { c.check() }

    @Test func changingFunctionsUpdateTheVariableTheyWereGiven() throws {
        let template = try Template(name: "t", text: """
            {{- $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $_ := unset $d "a" }}\
            {{- $o := dict "c" 3 }}{{ $_ := merge $d $o }}{{ $d }}
            """, functions: .sprig)
        #expect(try template.execute(.null) == "map[b:2 c:3]")
        #expect(FunctionMap.sprig["set"]?.changesArgument == 0)
        #expect(FunctionMap.sprig["dict"]?.changesArgument == nil)
    }
}
