import Testing
import TestSupport
import GoTemplate

/// shuttle's `toYaml` and `fromYaml`, on the package's yaml.v2-compatible codec.
@Suite struct YAMLFunctionsTests {
    @Test(arguments: [
        FunctionCase("toYaml", [["b": [1, 2], "a": "x"]], "a: x\nb:\n- 1\n- 2\n"),
        FunctionCase("toYaml", ["1.0"], "\"1.0\"\n"),
        FunctionCase("toYaml", [nil], "null\n"),
        FunctionCase("toYaml", [[:]], "{}\n"),
        FunctionCase("fromYaml", ["a: 1\nb:\n  c: [x, z]\n"], ["a": 1, "b": ["c": ["x", "z"]]]),
        // yaml.v2 reads YAML 1.1: a plain `y` is the boolean true.
        FunctionCase("fromYaml", ["c: [x, y]"], ["c": ["x", true]]),
        FunctionCase("fromYaml", ["enabled: yes\nversion: 1.10\n"], ["enabled": true, "version": 1.1]),
        FunctionCase("fromYaml", [""], [:]),
        FunctionCase("fromYaml", ["- a\n- b\n"], error: "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into map[string]interface {}"),
        FunctionCase("fromYaml", ["hello"], error: "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `hello` into map[string]interface {}"),
        FunctionCase("fromYaml", [1], error: "wrong type for value; expected string; got int"),
    ])
    func yamlFunction(_ c: FunctionCase) { c.check() }

    @Test func invalidYAMLIsAnError() {
        let error = #expect(throws: FunctionError.self) { try call("fromYaml", "a: [1, 2") }
        #expect(error?.message.hasPrefix("yaml: ") == true)
    }

    @Test func toYamlThenFromYamlRoundTrips() throws {
        let value: Value = ["list": [1, "two", true], "nested": ["key": "1.0", "empty": ""], "n": nil]
        #expect(try call("fromYaml", call("toYaml", value)) == value)
    }
}
