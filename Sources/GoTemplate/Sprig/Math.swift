import Foundation
import GoCompat

/// sprig's integer and float arithmetic (functions.go, numeric.go). Integer functions convert
/// every argument with cast's `ToInt64`, return an `int64` and wrap on overflow as Go does
/// (`randInt`, `until` and `untilStep` give `int`s); the float functions
/// (`addf` …) compute in decimal as shopspring/decimal does, so `addf 1.1 2.2` is 3.3.
enum SprigMath {
    static let functions: [Function] = [
        Function("add1", .exactly(1)) { a in .int64(a[0].castInt &+ 1) },
        Function("add", .atLeast(0)) { a in .int64(a.reduce(0) { $0 &+ $1.castInt }) },
        Function("sub", .exactly(2)) { a in .int64(a[0].castInt &- a[1].castInt) },
        Function("div", .exactly(2)) { a in
            let d = a[1].castInt
            if d == 0 { throw goRuntimeError("integer divide by zero") }
            return .int64(a[0].castInt.dividedReportingOverflow(by: d).partialValue)
        },
        Function("mod", .exactly(2)) { a in
            let d = a[1].castInt
            if d == 0 { throw goRuntimeError("integer divide by zero") }
            return .int64(a[0].castInt.remainderReportingOverflow(dividingBy: d).partialValue)
        },
        Function("mul", .atLeast(1)) { a in .int64(a.dropFirst().reduce(a[0].castInt) { $0 &* $1.castInt }) },
        Function("max", .atLeast(1)) { a in .int64(a.map(\.castInt).max() ?? 0) },
        Function("biggest", .atLeast(1)) { a in .int64(a.map(\.castInt).max() ?? 0) },
        Function("min", .atLeast(1)) { a in .int64(a.map(\.castInt).min() ?? 0) },
        Function("maxf", .atLeast(1)) { a in .float(a.dropFirst().reduce(a[0].castFloat) { goMax($0, $1.castFloat) }) },
        Function("minf", .atLeast(1)) { a in .float(a.dropFirst().reduce(a[0].castFloat) { goMin($0, $1.castFloat) }) },
        Function("floor", .exactly(1)) { a in .float(a[0].castFloat.rounded(.down)) },
        Function("ceil", .exactly(1)) { a in .float(a[0].castFloat.rounded(.up)) },
        Function("round", .atLeast(2)) { a in
            let roundOn = a.count > 2 ? try a[2].asFloatParameter() : 0.5
            return .float(round(a[0].castFloat, places: Double(try a[1].asInt()), roundOn: roundOn))
        },
        Function("add1f", .exactly(1)) { a in .float(decimal(a[0], [.int(1)], +)) },
        Function("addf", .atLeast(0)) { a in .float(decimal(.float(0), a, +)) },
        Function("subf", .atLeast(1)) { a in .float(decimal(a[0], Array(a.dropFirst()), -)) },
        Function("mulf", .atLeast(1)) { a in .float(decimal(a[0], Array(a.dropFirst()), *)) },
        Function("divf", .atLeast(1)) { a in
            if a.dropFirst().contains(where: { $0.castFloat == 0 }) { throw FunctionError("decimal division by zero") }
            return .float(decimal(a[0], Array(a.dropFirst())) { x, y in
                var quotient = x / y
                var rounded = Decimal()
                NSDecimalRound(&rounded, &quotient, 16, .plain)
                return rounded
            })
        },
        Function("randInt", .exactly(2)) { a in
            let low = try a[0].asInt(), high = try a[1].asInt()
            guard high > low else { throw FunctionError("invalid argument to Intn") }
            return .int(Int.random(in: low..<high))
        },
        Function("until", .exactly(1)) { a in
            let count = try a[0].asInt()
            return try untilStep(0, count, count < 0 ? -1 : 1)
        },
        Function("untilStep", .exactly(3)) { a in try untilStep(try a[0].asInt(), try a[1].asInt(), try a[2].asInt()) },
        Function("seq", .atLeast(0)) { a in try seq(a.map { v throws(FunctionError) in try v.asInt() }) },
    ]

    /// Go's `math.Max`/`math.Min` (NaN wins).
    private static func goMax(_ x: Double, _ y: Double) -> Double { x.isNaN || y.isNaN ? .nan : Swift.max(x, y) }
    private static func goMin(_ x: Double, _ y: Double) -> Double { x.isNaN || y.isNaN ? .nan : Swift.min(x, y) }

    /// sprig `round`: round half (or `roundOn`) away from the floor at `places` decimals.
    static func round(_ value: Double, places: Double, roundOn: Double) -> Double {
        let pow = Foundation.pow(10, places)
        let digit = pow * value
        let fraction = digit - digit.rounded(.towardZero)
        let rounded = fraction >= roundOn ? digit.rounded(.up) : digit.rounded(.down)
        return rounded / pow
    }

    /// shopspring/decimal: each operand is the float's shortest decimal form; the result is
    /// converted back to the nearest float.
    private static func decimal(_ first: Value, _ rest: [Value], _ op: (Decimal, Decimal) -> Decimal) -> Double {
        var result = toDecimal(first.castFloat)
        for operand in rest { result = op(result, toDecimal(operand.castFloat)) }
        if result.isNaN { return .nan }
        return Double(result.description) ?? .nan
    }

    private static func toDecimal(_ f: Double) -> Decimal {
        guard f.isFinite else { return .nan }
        return Decimal(string: GoFloat.format(f, verb: "e", precision: nil), locale: Locale(identifier: "en_US_POSIX")) ?? .nan
    }

    static let maximumListLength = 1 << 24

    static func untilStep(_ start: Int, _ stop: Int, _ step: Int) throws(FunctionError) -> Value {
        if step != 0, (stop < start) == (step < 0) {
            let count = (stop > start ? UInt(bitPattern: stop &- start) : UInt(bitPattern: start &- stop)) / step.magnitude
            if count > UInt(maximumListLength) { throw FunctionError("untilStep: more than \(maximumListLength) elements") }
        }
        var values: [Value] = []
        if stop < start {
            if step >= 0 { return .list(GoSlice([], elementType: .int)) }
            var i = start
            while i > stop {
                values.append(.int(i))
                if values.count > maximumListLength { throw FunctionError("untilStep: more than \(maximumListLength) elements") }
                let (next, overflow) = i.addingReportingOverflow(step)
                if overflow { break }
                i = next
            }
            return .list(GoSlice(values, elementType: .int))
        }
        if step <= 0 { return .list(GoSlice([], elementType: .int)) }
        var i = start
        while i < stop {
            values.append(.int(i))
            if values.count > maximumListLength { throw FunctionError("untilStep: more than \(maximumListLength) elements") }
            let (next, overflow) = i.addingReportingOverflow(step)
            if overflow { break }
            i = next
        }
        return .list(GoSlice(values, elementType: .int))
    }

    /// sprig `seq`: like GNU seq, `seq END`, `seq START END`, `seq START STEP END`, as a string.
    static func seq(_ p: [Int]) throws(FunctionError) -> Value {
        func joined(_ list: Value) -> Value {
            guard case .list(let items) = list else { return "" }
            return .string(items.map { $0.printed() }.joined(separator: " "))
        }
        switch p.count {
        case 1:
            let end = p[0], increment = end < 1 ? -1 : 1
            return joined(try untilStep(1, end &+ increment, increment))
        case 2:
            let step = p[1] < p[0] ? -1 : 1
            return joined(try untilStep(p[0], p[1] &+ step, step))
        case 3:
            let (start, step, end) = (p[0], p[1], p[2])
            var increment = 1
            if end < start {
                increment = -1
                if step > 0 { return "" }
            }
            return joined(try untilStep(start, end &+ increment, step))
        default:
            return ""
        }
    }
}
