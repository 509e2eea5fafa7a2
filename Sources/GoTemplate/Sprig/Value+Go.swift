import Foundation
import GoCompat

/// Go's loose conversions that sprig applies to `interface{}` arguments, and the small pieces
/// of Go's runtime behaviour (kinds, emptiness, deep equality, `%v`) the function families share.
extension Value {
    /// spf13/cast `ToInt64` (cast v1.4): integers as is, floats truncated, bools 0/1, strings
    /// parsed with Go's base prefixes (`0x1f`, `0o17`, `017`, `0b11`), anything else 0.
    var castInt: Int {
        switch self {
        case .int(let i), .int64(let i): return i
        case .uint(let u): return Int(bitPattern: u)
        case .float(let f): return GoCast.truncate(f)
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return GoCast.parseInt(s, base: 0) ?? 0
        default: return 0
        }
    }

    /// spf13/cast `ToFloat64`: numbers as is, bools 0/1, strings parsed as Go floats, else 0.
    var castFloat: Double {
        switch self {
        case .int(let i), .int64(let i): return Double(i)
        case .uint(let u): return Double(u)
        case .float(let f): return f
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return GoCast.parseFloat(s) ?? 0
        default: return 0
        }
    }

    /// sprig's `strval`: strings as they are, everything else as Go's `%v` prints it.
    public var sprigString: String {
        if case .string(let s) = self { return s }
        return printed()
    }

    /// Go's `reflect.Kind` name, as sprig's `kindOf` and its error messages print it.
    var goKind: String {
        switch self {
        case .null: "invalid"
        case .bool: "bool"
        case .int: "int"
        case .int64: "int64"
        case .uint: "uint"
        case .float: "float64"
        case .string: "string"
        case .list: "slice"
        case .map: "map"
        case .record(let r): r.typeName.hasPrefix("*") ? "ptr" : "struct"
        case .time: "struct"
        case .function: "func"
        }
    }

    /// sprig's `empty`: zero numbers, false, "", empty collections and nil are empty;
    /// structs (records, times) never are.
    var isGoEmpty: Bool {
        switch self {
        case .record, .time, .function: false
        default: !isTruthy
        }
    }

    /// The argument as a Go `map[string]interface{}` parameter; nil becomes an empty map
    /// (Go passes a nil map, which reads as empty).
    func asMap() throws(FunctionError) -> [String: Value] {
        switch self {
        case .map(let m) where m.kind == .stringToInterface: return m.entries
        case .null: return [:]
        default: throw FunctionError(expected: "map[string]interface {}", got: self)
        }
    }

    /// The argument as a Go `time.Time` parameter.
    func asTime() throws(FunctionError) -> Time {
        if case .time(let t) = self { return t }
        throw FunctionError(expected: "time.Time", got: self)
    }

    /// A float64 parameter, accepting the integer constants templates pass for it.
    func asFloatParameter() throws(FunctionError) -> Double {
        switch self {
        case .float(let f): return f
        case .int(let i): return Double(i)
        case .uint(let u): return Double(u)
        default: return try asFloat()
        }
    }
}

/// Go's numeric parsing and conversion rules, without Swift's traps.
enum GoCast {
    /// Go's float64 → int64 conversion; out-of-range values give what amd64 gives (min int).
    static func truncate(_ f: Double) -> Int {
        guard f.isFinite, f >= -9.223372036854775808e18, f < 9.223372036854775808e18 else { return Int.min }
        return Int(f)
    }

    /// `strconv.ParseInt(s, base, 64)`; base 0 reads Go's prefixes and underscores.
    static func parseInt(_ text: String, base: Int) -> Int? {
        var s = Substring(text)
        var negative = false
        if s.hasPrefix("+") || s.hasPrefix("-") {
            negative = s.hasPrefix("-")
            s = s.dropFirst()
        }
        var radix = base
        var allowUnderscores = false
        if base == 0 {
            radix = 10
            allowUnderscores = true
            let lower = s.lowercased()
            if lower.hasPrefix("0x") { radix = 16; s = s.dropFirst(2) }
            else if lower.hasPrefix("0o") { radix = 8; s = s.dropFirst(2) }
            else if lower.hasPrefix("0b") { radix = 2; s = s.dropFirst(2) }
            else if s.hasPrefix("0") && s.count > 1 { radix = 8; s = s.dropFirst() }
        }
        if allowUnderscores {
            if s.hasPrefix("_") || s.hasSuffix("_") || s.contains("__") { return nil }
            s = Substring(s.replacingOccurrences(of: "_", with: ""))
        }
        guard !s.isEmpty, let magnitude = UInt64(s, radix: radix) else { return nil }
        if negative {
            if magnitude > UInt64(Int.max) + 1 { return nil }
            return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int.max) else { return nil }
        return Int(magnitude)
    }

    /// `strconv.ParseFloat(s, 64)` for decimal and special forms.
    static func parseFloat(_ text: String) -> Double? {
        let lower = text.lowercased()
        switch lower {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: break
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE_xXpPabcdefABCDEF".contains($0)) }) else {
            return nil
        }
        if text.contains("_") { return nil }
        return Double(text)
    }
}

extension Function {
    /// A function whose arity error or body error is reported the way Go reports them.
    public init(_ name: String, _ arity: Arity, changesArgument: Int? = nil,
         _ body: @escaping @Sendable (_ arguments: [Value]) throws -> Value) {
        self.init(name, arity: arity, changesArgument: changesArgument, body: body)
    }
}

/// Go's panic for a failed type assertion `x.(T)` on an `interface{}` holding `value`.
public func interfaceConversionError(_ value: Value, to type: String) -> FunctionError {
    FunctionError("interface conversion: interface {} is \(value == .null ? "nil" : value.goTypeName), not \(type)")
}

/// A Go `panic(err)` inside a function, reported as the template error Go reports.
public func goRuntimeError(_ message: String) -> FunctionError {
    FunctionError("runtime error: " + message)
}

/// The nil-interface panic that `reflect.TypeOf(nil).Kind()` causes in sprig's list functions.
let nilPointerError = goRuntimeError("invalid memory address or nil pointer dereference")
