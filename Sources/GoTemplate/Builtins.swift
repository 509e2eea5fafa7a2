import GoCompat

/// The builtin functions, as Go's `text/template/funcs.go`: `and`, `or`, `not`, the comparisons,
/// `len`, `index`, `slice`, `print`, `printf`, `println`, `html`, `js`, `urlquery` and `call`.
/// Functions in the template's `FunctionMap` win over these, as in Go.
enum Builtin: String {
    case and, or, not, eq, ne, lt, le, gt, ge, len, index, slice, print, printf, println, html, js, urlquery, call

    /// Go's parameter list: the number of fixed parameters and whether more may follow.
    var signature: (fixed: Int, variadic: Bool) {
        switch self {
        case .and, .or, .eq, .index, .slice, .call, .printf: (1, true)
        case .not, .len: (1, false)
        case .ne, .lt, .le, .gt, .ge: (2, false)
        case .print, .println, .html, .js, .urlquery: (0, true)
        }
    }
}

/// An error a builtin reports; the evaluator prefixes `error calling NAME: `.
struct BuiltinError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension State {
    mutating func callBuiltin(_ dot: Slot, _ builtin: Builtin, cmd: Located, args: ArraySlice<Operand>,
                              final: Slot?) throws(TemplateError) -> Slot {
        let name = builtin.rawValue
        let numIn = args.count + (final == nil ? 0 : 1)
        let (fixed, variadic) = builtin.signature
        if variadic {
            if numIn < fixed { throw error("wrong number of args for \(name): want at least \(fixed) got \(args.count)") }
        } else if numIn != fixed {
            throw error("wrong number of args for \(name): want \(fixed) got \(numIn)")
        }

        // and/or short-circuit and return the deciding value itself.
        if builtin == .and || builtin == .or {
            var v = Slot.invalid
            for arg in args {
                v = try evalArg(dot, arg)
                if v.value.isTruthy == (builtin == .or) { return v }
            }
            if let final { v = final }
            return v
        }

        if builtin == .printf {
            let format: String
            var rest: [Value] = []
            if let first = args.first {
                format = try evalStringArg(dot, first)
                for arg in args.dropFirst() { rest.append(try evalArg(dot, arg).value) }
                if let final { rest.append(final.value) }
            } else {
                format = try validateString(final ?? .invalid)
            }
            return .concrete(.string(GoPrinter.sprintf(format, rest)))
        }

        var argv: [Slot] = []
        argv.reserveCapacity(numIn)
        for arg in args { argv.append(try evalArg(dot, arg)) }
        if let final { argv.append(final) }

        do {
            switch builtin {
            case .and, .or, .printf: return .invalid  // handled above
            case .not: return .concrete(.bool(!argv[0].value.isTruthy))
            case .eq: return .concrete(.bool(try Builtins.eq(argv[0].value, argv.dropFirst().map(\.value))))
            case .ne: return .concrete(.bool(!(try Builtins.eq(argv[0].value, [argv[1].value]))))
            case .lt: return .concrete(.bool(try Builtins.lt(argv[0].value, argv[1].value)))
            case .le: return .concrete(.bool(try Builtins.le(argv[0].value, argv[1].value)))
            case .gt: return .concrete(.bool(!(try Builtins.le(argv[0].value, argv[1].value))))
            case .ge: return .concrete(.bool(!(try Builtins.lt(argv[0].value, argv[1].value))))
            case .len: return .concrete(.int(try Builtins.length(argv[0])))
            case .index: return try Builtins.index(argv[0], argv.dropFirst().map(\.value))
            case .slice: return try Builtins.slice(argv[0].value, Array(argv.dropFirst()))
            case .print: return .concrete(.string(GoPrinter.sprint(argv.map(\.value))))
            case .println: return .concrete(.string(GoPrinter.sprintln(argv.map(\.value))))
            case .html: return .concrete(.string(Builtins.htmlEscape(Builtins.evalArgs(argv))))
            case .js: return .concrete(.string(Builtins.jsEscape(Builtins.evalArgs(argv))))
            case .urlquery: return .concrete(.string(Builtins.queryEscape(Builtins.evalArgs(argv))))
            case .call:
                let calleeName = args.first?.description ?? "pipeline"
                return try call(argv[0].value, Array(argv.dropFirst().map(\.value)), calleeName: calleeName)
            }
        } catch let e as BuiltinError {
            node = cmd
            throw error("error calling \(name): \(e.message)")
        } catch let e as TemplateError where e.needsLargeStack {
            throw e
        } catch {
            node = cmd
            throw self.error("error calling \(name): \(error)")
        }
    }

    private func call(_ fn: Value, _ args: [Value], calleeName: String) throws -> Slot {
        guard case .function(let function) = fn else {
            if case .null = fn { throw BuiltinError("call of nil") }
            throw BuiltinError("non-function \(calleeName) of type \(fn.goTypeName)")
        }
        switch function.arity {
        case .exactly(let n):
            if args.count != n { throw BuiltinError("wrong number of args for \(calleeName): got \(args.count) want \(n)") }
        case .atLeast(let n):
            if args.count < n { throw BuiltinError("wrong number of args for \(calleeName): got \(args.count) want at least \(n)") }
        }
        do {
            return .boxed(try function.body(args))
        } catch let e as FunctionError {
            throw BuiltinError(e.message)
        }
    }
}

enum Builtins {
    // MARK: Comparison

    private enum Kind { case invalid, bool, int, uint, float, string }

    private static func basicKind(_ v: Value) -> Kind {
        switch v {
        case .bool: .bool
        case .int, .int64: .int
        case .uint: .uint
        case .float: .float
        case .string: .string
        default: .invalid
        }
    }

    /// reflect.Kind groups, for `canCompare`.
    private static func reflectKind(_ v: Value) -> Int {
        switch v {
        case .null: 0
        case .list: 1
        case .map: 2
        case .record, .time: 3
        case .function: 4
        default: 5
        }
    }

    private static func isComparable(_ v: Value) -> Bool {
        switch v {
        case .list, .map, .function: false
        case .record(let r): r.fields.allSatisfy { isComparableField($0.value) }
        default: true
        }
    }

    private static func isComparableField(_ v: Value) -> Bool {
        switch v {
        case .list, .map, .function: false
        case .record(let r): r.fields.allSatisfy { isComparableField($0.value) }
        default: true
        }
    }

    static func eq(_ arg1: Value, _ rest: [Value]) throws(BuiltinError) -> Bool {
        if rest.isEmpty { throw BuiltinError("missing argument for comparison") }
        let k1 = basicKind(arg1)
        let arg1 = sameKind(arg1)
        for arg in rest {
            let k2 = basicKind(arg)
            let arg = sameKind(arg)
            var truth = false
            if k1 != k2 {
                switch (arg1, arg) {
                case (.int(let a), .uint(let b)): truth = a >= 0 && UInt(a) == b
                case (.uint(let a), .int(let b)): truth = b >= 0 && a == UInt(b)
                default:
                    if !isNull(arg1) && !isNull(arg) { throw BuiltinError("incompatible types for comparison") }
                }
            } else {
                switch (arg1, arg) {
                case (.bool(let a), .bool(let b)): truth = a == b
                case (.float(let a), .float(let b)): truth = a == b
                case (.int(let a), .int(let b)): truth = a == b
                case (.string(let a), .string(let b)): truth = a.utf8.elementsEqual(b.utf8)
                case (.uint(let a), .uint(let b)): truth = a == b
                default:
                    let r1 = reflectKind(arg1)
                    let r2 = reflectKind(arg)
                    if r1 != r2 && r1 != 0 && r2 != 0 {
                        throw BuiltinError("non-comparable types \(GoPrinter.sprintf("%s", [arg1])): \(arg1.goTypeName), \(arg.goTypeName): \(GoPrinter.sprintf("%v", [arg]))")
                    }
                    if isNull(arg1) || isNull(arg) {
                        truth = isNull(arg) == isNull(arg1)
                    } else {
                        if !isComparable(arg) {
                            throw BuiltinError("non-comparable type \(GoPrinter.sprintf("%s", [arg])): \(arg.goTypeName)")
                        }
                        truth = arg1 == arg
                    }
                }
            }
            if truth { return true }
        }
        return false
    }

    /// Go compares basic kinds, not types: an `int64` compares with an `int` as integers.
    private static func sameKind(_ v: Value) -> Value {
        if case .int64(let i) = v { return .int(i) }
        return v
    }

    private static func isNull(_ v: Value) -> Bool {
        if case .null = v { return true }
        return false
    }

    static func lt(_ arg1: Value, _ arg2: Value) throws(BuiltinError) -> Bool {
        let k1 = basicKind(arg1)
        if k1 == .invalid { throw BuiltinError("invalid type for comparison") }
        let k2 = basicKind(arg2)
        if k2 == .invalid { throw BuiltinError("invalid type for comparison") }
        switch (sameKind(arg1), sameKind(arg2)) {
        case (.int(let a), .uint(let b)): return a < 0 || UInt(a) < b
        case (.uint(let a), .int(let b)): return b >= 0 && a < UInt(b)
        case (.int(let a), .int(let b)): return a < b
        case (.uint(let a), .uint(let b)): return a < b
        case (.float(let a), .float(let b)): return a < b
        case (.string(let a), .string(let b)): return a.utf8.lexicographicallyPrecedes(b.utf8)
        case (.bool, .bool): throw BuiltinError("invalid type for comparison")
        default: throw BuiltinError("incompatible types for comparison")
        }
    }

    static func le(_ arg1: Value, _ arg2: Value) throws(BuiltinError) -> Bool {
        if try lt(arg1, arg2) { return true }
        return try eq(arg1, [arg2])
    }

    // MARK: Collections

    static func length(_ item: Slot) throws(BuiltinError) -> Int {
        switch item {
        case .invalid: throw BuiltinError("reflect: call of reflect.Value.Type on zero Value")
        case .concrete(let v), .boxed(let v):
            switch v {
            case .null: throw BuiltinError("len of nil pointer")
            case .string(let s): return s.utf8.count
            case .list(let l): return l.count
            case .map(let m): return m.count
            default: throw BuiltinError("len of type \(v.goTypeName)")
            }
        }
    }

    private static func indexArg(_ index: Value, cap: Int) throws(BuiltinError) -> Int {
        let x: Int
        switch index {
        case .int(let i), .int64(let i): x = i
        case .uint(let u):
            if u > UInt(Int.max) { throw BuiltinError("index out of range: \(Int(bitPattern: u))") }
            x = Int(u)
        case .null: throw BuiltinError("cannot index slice/array with nil")
        default: throw BuiltinError("cannot index slice/array with type \(index.goTypeName)")
        }
        if x < 0 || x > cap { throw BuiltinError("index out of range: \(x)") }
        return x
    }

    static func index(_ item: Slot, _ indexes: [Value]) throws(BuiltinError) -> Slot {
        var current = item
        if case .null = current.value { throw BuiltinError("index of untyped nil") }
        if case .boxed(let v) = current { current = .concrete(v) }
        for index in indexes {
            let value = current.value
            switch value {
            case .null: throw BuiltinError("index of nil pointer")
            case .list(let items):
                let x = try indexArg(index, cap: items.count)
                if x == items.count { throw BuiltinError("index out of range: \(x)") }
                current = .boxed(items[x])
            case .string(let s):
                let bytes = s.utf8
                let x = try indexArg(index, cap: bytes.count)
                if x == bytes.count { throw BuiltinError("index out of range: \(x)") }
                current = .concrete(.uint(UInt(bytes[bytes.index(bytes.startIndex, offsetBy: x)])))
            case .map(let map):
                guard case .string(let key) = index else {
                    if case .null = index { throw BuiltinError("value is nil; should be of type string") }
                    throw BuiltinError("value has type \(index.goTypeName); should be string")
                }
                current = .boxed(map[key] ?? .null)
            default:
                throw BuiltinError("can't index item of type \(value.goTypeName)")
            }
        }
        return current
    }

    /// Go's `slice`, which (unlike `index`) does not look inside `interface {}` indexes: an index
    /// read from a map or list is "of type interface {}".
    static func slice(_ item: Value, _ indexes: [Slot]) throws(BuiltinError) -> Slot {
        if case .null = item { throw BuiltinError("slice of untyped nil") }
        if indexes.count > 3 { throw BuiltinError("too many slice indexes: \(indexes.count)") }
        let cap: Int
        switch item {
        case .string(let s):
            if indexes.count == 3 { throw BuiltinError("cannot 3-index slice a string") }
            cap = s.utf8.count
        case .list(let l): cap = l.count
        default: throw BuiltinError("can't slice item of type \(item.goTypeName)")
        }
        var idx = [0, cap, 0]
        for (i, index) in indexes.enumerated() {
            if case .boxed = index { throw BuiltinError("cannot index slice/array with type interface {}") }
            idx[i] = try indexArg(index.value, cap: cap)
        }
        if idx[0] > idx[1] { throw BuiltinError("invalid slice index: \(idx[0]) > \(idx[1])") }
        if indexes.count == 3 && idx[1] > idx[2] { throw BuiltinError("invalid slice index: \(idx[1]) > \(idx[2])") }
        switch item {
        case .string(let s):
            let bytes = Array(s.utf8)[idx[0]..<idx[1]]
            return .concrete(.string(String(decoding: bytes, as: UTF8.self)))
        case .list(let l):
            return .concrete(.list(GoSlice(Array(l[idx[0]..<idx[1]]), elementType: l.elementType)))
        default:
            return .invalid
        }
    }

    // MARK: Escaping

    /// Go's `evalArgs`: one string argument as is, otherwise `fmt.Sprint` with nil as `<no value>`.
    static func evalArgs(_ args: [Slot]) -> String {
        if args.count == 1, case .string(let s) = args[0].value { return s }
        let values: [Value] = args.map { slot in
            if case .null = slot.value { return .string("<no value>") }
            return slot.value
        }
        return GoPrinter.sprint(values)
    }

    static func htmlEscape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x27 || $0 == 0x22 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0 }) else {
            return s
        }
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\0": out += "\u{FFFD}"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func jsEscape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            let r = scalar.value
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            case "<": out += "\\u003C"
            case ">": out += "\\u003E"
            case "&": out += "\\u0026"
            case "=": out += "\\u003D"
            default:
                if r < 0x20 || (r >= 0x80 && !GoQuote.isPrint(r)) {
                    // Go's `\u%04X`: at least four digits, more above U+FFFF.
                    let digits = String(r, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Go's `url.QueryEscape`.
    static func queryEscape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + Hex.digits(UInt32(b), width: 2, uppercase: true)
            }
        }
        return out
    }
}
