/// A function that templates call by name, as Go's `template.FuncMap` entries.
public struct Function: Sendable {
    public enum Arity: Sendable, Equatable {
        case exactly(Int)
        case atLeast(Int)

        public func accepts(_ count: Int) -> Bool {
            switch self {
            case .exactly(let n): count == n
            case .atLeast(let n): count >= n
            }
        }
    }

    public let name: String
    public let arity: Arity
    /// The argument that Go's function changes in place (Go maps are references, so sprig's
    /// `set $d "k" 1` changes `$d`). `Value` maps are copies: such a function returns the
    /// changed map and the evaluator stores it back into the variable the argument came from.
    public let changesArgument: Int?
    /// The Go types of the parameters, when known: the evaluator then checks each argument
    /// before the call as Go does. Without them a body's own `asString()`… checks report the
    /// mismatch.
    public var parameterTypes: ParameterTypes?
    public let body: @Sendable (_ arguments: [Value]) throws -> Value

    public init(_ name: String, arity: Arity, changesArgument: Int? = nil,
                body: @escaping @Sendable (_ arguments: [Value]) throws -> Value) {
        self.name = name
        self.arity = arity
        self.changesArgument = changesArgument
        self.parameterTypes = nil
        self.body = body
    }
}

/// A Go function's parameter types as reflect names them, ready for the evaluator's check of
/// every call: nil stands for `interface {}`, which takes anything.
public struct ParameterTypes: Sendable {
    let fixed: [String?]
    let variadic: String?

    /// `types` as Go prints them, the last one `...T` for a variadic `T`.
    public init(_ types: [String]) {
        func checked(_ type: Substring) -> String? { type == "interface {}" ? nil : String(type) }
        if let last = types.last, last.hasPrefix("...") {
            fixed = types.dropLast().map { checked($0[...]) }
            variadic = checked(last.dropFirst(3))
        } else {
            fixed = types.map { checked($0[...]) }
            variadic = nil
        }
    }

    /// The type argument `position` must have; nil when any will do.
    func type(at position: Int) -> String? {
        position < fixed.count ? fixed[position] : variadic
    }
}

/// The error a function body throws; the evaluator reports it as Go does,
/// `error calling NAME: MESSAGE`.
public struct FunctionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// Set when an argument does not have its parameter's Go type: Go refuses such a call
    /// before making it, so the evaluator reports it at the argument, as Go does.
    public let wrongType: WrongType?

    public struct WrongType: Sendable, Equatable {
        /// The parameter's Go type (`string`, `int`, `map[string]interface {}`, …).
        public let expected: String
        public let value: Value
    }

    public init(_ message: String) {
        self.message = message
        wrongType = nil
    }

    /// `value` is not of the parameter's Go type `expected`.
    public init(expected: String, got value: Value) {
        message = "wrong type for value; expected \(expected); got \(value.goTypeName)"
        wrongType = WrongType(expected: expected, value: value)
    }

    public var description: String { message }
}

/// Functions by name. Later maps win over earlier ones when merged, as Go's `Funcs` does.
public struct FunctionMap: Sendable {
    private var functions: [String: Function]

    public init(_ functions: [Function] = []) {
        self.functions = Dictionary(functions.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    public subscript(name: String) -> Function? { functions[name] }

    public var names: [String] { functions.keys.sorted() }

    /// This map with `other`'s functions added, replacing same-named ones.
    public func merging(_ other: FunctionMap) -> FunctionMap {
        var merged = self
        merged.functions.merge(other.functions, uniquingKeysWith: { _, new in new })
        return merged
    }
}

extension Value {
    /// The argument as a Go `string` parameter, or Go's wording for a type mismatch.
    public func asString() throws(FunctionError) -> String {
        if case .string(let s) = self { return s }
        throw FunctionError(expected: "string", got: self)
    }

    /// The argument as a Go `int` parameter (any integer kind that fits).
    public func asInt() throws(FunctionError) -> Int {
        switch self {
        case .int(let i): return i
        case .uint(let u) where u <= UInt(Int.max): return Int(u)
        default: throw FunctionError(expected: "int", got: self)
        }
    }

    /// The argument as a Go `bool` parameter.
    public func asBool() throws(FunctionError) -> Bool {
        if case .bool(let b) = self { return b }
        throw FunctionError(expected: "bool", got: self)
    }

    /// The argument as a Go `float64` parameter.
    public func asFloat() throws(FunctionError) -> Double {
        if case .float(let f) = self { return f }
        throw FunctionError(expected: "float64", got: self)
    }
}
