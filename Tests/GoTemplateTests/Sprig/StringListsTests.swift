import Testing
import TestSupport
@testable import GoTemplate

@Suite struct StringListsTests {
    @Test(arguments: [
        FunctionCase("splitList", ["$", "foo$bar$baz"], ["foo", "bar", "baz"]),
        FunctionCase("splitList", [",", "a,b,c,d,e,"], ["a", "b", "c", "d", "e", ""]),
        FunctionCase("splitList", [",", ",a"], ["", "a"]),
        FunctionCase("splitList", [",", ""], [""]),
        FunctionCase("splitList", ["", "abc"], ["a", "b", "c"]),
        FunctionCase("splitList", ["::", "a::b:c"], ["a", "b:c"]),
        FunctionCase("split", ["$", "foo$bar$baz"], ["_0": "foo", "_1": "bar", "_2": "baz"]),
        FunctionCase("split", [",", ""], ["_0": ""]),
        FunctionCase("splitn", ["$", 2, "foo$bar$baz"], ["_0": "foo", "_1": "bar$baz"]),
        FunctionCase("splitn", ["$", -1, "foo$bar$baz"], ["_0": "foo", "_1": "bar", "_2": "baz"]),
        FunctionCase("splitn", ["$", 0, "foo$bar"], [:]),
        FunctionCase("splitn", ["$", 5, "a$b"], ["_0": "a", "_1": "b"]),
        FunctionCase("join", ["-", ["a", "b", "c"]], "a-b-c"),
        FunctionCase("join", ["-", [1, 2, 3]], "1-2-3"),
        FunctionCase("join", ["-", "abc"], "abc"),
        FunctionCase("join", ["-", ["1", nil, "2"]], "1-2"),
        FunctionCase("join", [", ", []], ""),
        FunctionCase("join", [1, ["a"]], error: "wrong type for value; expected string; got int"),
        FunctionCase("sortAlpha", [["c", "a", "b"]], ["a", "b", "c"]),
        FunctionCase("sortAlpha", [[2, 1, 4, 3]], ["1", "2", "3", "4"]),
        FunctionCase("sortAlpha", [[5, 4, 3, 2, 1, "a"]], ["1", "2", "3", "4", "5", "a"]),
        FunctionCase("sortAlpha", [["b", "B", "a", "A"]], ["A", "B", "a", "b"]),
        FunctionCase("sortAlpha", [[]], []),
        FunctionCase("sortAlpha", [nil], ["<nil>"]),
        FunctionCase("sortAlpha", ["x"], ["x"]),
        FunctionCase("toStrings", [[1, 2, 3]], ["1", "2", "3"]),
        FunctionCase("toStrings", [[1, nil, 2]], ["1", "2"]),
        FunctionCase("toStrings", [[5, "a", true, nil, 1]], ["5", "a", "true", "1"]),
        FunctionCase("toStrings", [nil], []),
        FunctionCase("toStrings", [5], ["5"]),
    ])
    func stringListFunction(_ c: FunctionCase) { c.check() }
}
