import Testing
import GoTemplate
import Foundation

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

@Suite struct TimePrintTests {
    @Test func printsLikeGoTimeString() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        let date = Date(timeIntervalSince1970: 1_700_000_000.5)
        #expect(Value.time(Time(date: date, timeZone: utc)).printed() == "2023-11-14 22:13:20.5 +0000 UTC")
        let fixed = try #require(TimeZone(secondsFromGMT: 3600 + 1800))
        #expect(Time(date: Date(timeIntervalSince1970: 0), timeZone: fixed).goString == "1970-01-01 01:30:00 +0130 +0130")
    }
}
