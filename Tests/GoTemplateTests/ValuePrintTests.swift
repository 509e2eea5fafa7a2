import Testing
import GoTemplate

@Suite struct ValuePrintTests {
    @Test(arguments: [
        (Value.null, "<nil>"),
        (.bool(true), "true"),
        (.int(-42), "-42"),
        (.float(1_000_000), "1e+06"),
        (.float(123456), "123456"),
        (.float(0.0001), "0.0001"),
        (.float(0.00001), "1e-05"),
        (.float(3.14), "3.14"),
        (.float(1.23456789e8), "1.23456789e+08"),
        (.string("plain"), "plain"),
        (Value.list(["a", 1, ["b"]]), "[a 1 [b]]"),
        (Value.map(["b": 2, "a": 1]), "map[a:1 b:2]"),
    ])
    func printsLikeGoFmt(value: Value, expected: String) {
        #expect(value.printed() == expected)
    }

    @Test func recordsPrintValuesOrNamedFields() {
        let record = Value.record(Record(typeName: "main.Pair", fields: [("Key", "a"), ("Value", 1)]))
        #expect(record.printed() == "{a 1}")
        #expect(record.printed(plusFields: true) == "{Key:a Value:1}")
    }
}
