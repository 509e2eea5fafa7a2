import Foundation
import GoTemplate
import Testing

/// Calls a template function with awkward arguments of every kind: it must return a value or
/// throw a `FunctionError`, never trap (a trap would take the whole test process down).
public enum FunctionRobustness {
    static let utc = TimeZone(identifier: "UTC") ?? .current
    static let pool: [Value] = [
        nil, true, 0, -1, .int(Int.max), .int(Int.min), .uint(UInt.max), 1.5, .float(.nan), .float(-.infinity),
        "", "a.b", "-1", "0x", "(", ["x", 2], ["k": ["n": 1]],
        .record(Record(typeName: "main.T", fields: [("Name", "n")])), .time(Time(date: Date(timeIntervalSince1970: 0), timeZone: utc)),
    ]
    static let smallPool: [Value] = [nil, 2, .int(Int.min), "x.y", ["a", "b"], ["k": 1], 1.5, .time(Time(date: Date(), timeZone: utc))]
    static let tinyPool: [Value] = [nil, -2, "x.y"]

    public static func check(_ function: Function, sourceLocation: SourceLocation = #_sourceLocation) {
        let name = function.name
        var calls = 0
        func attempt(_ arguments: [Value]) {
            guard function.arity.accepts(arguments.count) else { return }
            calls += 1
            do {
                _ = try function.body(arguments)
            } catch is FunctionError {
            } catch {
                Issue.record("\(name) threw a non-FunctionError \(error)", sourceLocation: sourceLocation)
            }
        }
        attempt([])
        for a in Self.pool { attempt([a]) }
        for a in Self.smallPool { for b in Self.smallPool { attempt([a, b]) } }
        for a in Self.tinyPool { for b in Self.tinyPool { for c in Self.tinyPool { attempt([a, b, c]) } } }
        for a in Self.tinyPool { attempt([a, "z", 1, "w"]) }
        #expect(calls > 0, "\(name) accepted none of the argument counts tried", sourceLocation: sourceLocation)
    }
}
