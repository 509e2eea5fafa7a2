import Foundation

/// A value that templates read and produce.
///
/// It is the YAML data model (null, booleans, numbers, strings, lists, maps) plus the few Go
/// kinds that template data and functions need: unsigned integers, records (Go structs, for
/// data built in Swift such as shuttle's `.Vars`/`.Args`), times and functions.
/// Integers keep the Go type `%T`, `typeOf` and shuttle's `is` see: `.int` and `.int64`;
/// `.uint` stands for every unsigned kind.
public enum Value: Sendable {
    case null
    case bool(Bool)
    /// A Go `int`: template number literals, YAML integers, `len`, `atoi`.
    case int(Int)
    /// A Go `int64`: what sprig's math and conversion functions return (`add`, `int64`, …).
    case int64(Int)
    case uint(UInt)
    case float(Double)
    case string(String)
    /// A Go slice, `[]interface {}` unless a function made a typed one.
    case list(GoSlice)
    /// A Go map with string keys. Go iterates and prints maps in sorted key order; Swift order
    /// is irrelevant.
    case map(GoMap)
    indirect case record(Record)
    indirect case time(Time)
    indirect case function(Function)
}

/// A Go struct: a named type with ordered, named fields.
public struct Record: Sendable {
    public var typeName: String
    public var fields: [(name: String, value: Value)]

    public init(typeName: String, fields: [(name: String, value: Value)]) {
        self.typeName = typeName
        self.fields = fields
    }

    public subscript(field name: String) -> Value? {
        fields.first(where: { $0.name == name })?.value
    }
}

/// A Go `time.Time`: an instant and the zone it is shown in.
public struct Time: Sendable, Equatable {
    public var date: Date
    public var timeZone: TimeZone

    public init(date: Date, timeZone: TimeZone = .current) {
        self.date = date
        self.timeZone = timeZone
    }
}

extension Value {
    /// Go's template truth: false, 0, "", nil and empty collections are false.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let b): b
        case .int(let i), .int64(let i): i != 0
        case .uint(let u): u != 0
        case .float(let f): f != 0
        case .string(let s): !s.isEmpty
        case .list(let l): !l.isEmpty
        case .map(let m): !m.isEmpty
        case .record, .time, .function: true
        }
    }

    /// The Go type name, as Go's error messages print it.
    public var goTypeName: String {
        switch self {
        case .null: "<nil>"
        case .bool: "bool"
        case .int: "int"
        case .int64: "int64"
        case .uint: "uint"
        case .float: "float64"
        case .string: "string"
        case .list(let slice): "[]" + slice.elementType.rawValue
        case .map(let map): map.kind.rawValue
        case .record(let r): r.typeName
        case .time: "time.Time"
        case .function: "func"
        }
    }

    /// The string value, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

extension Value {
    /// A `[]interface {}`.
    public static func list(_ elements: [Value]) -> Value { .list(GoSlice(elements, elementType: .interface)) }

    /// A `[]string`, as Go functions that return one give it.
    public static func strings(_ elements: [String]) -> Value {
        .list(GoSlice(elements.map(Value.string), elementType: .string))
    }

    /// A `map[string]interface {}`.
    public static func map(_ entries: [String: Value]) -> Value { .map(GoMap(entries, kind: .stringToInterface)) }
}

extension Value: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension Value: Equatable {
    /// Structural equality (functions are equal by name). Go's `eq` has its own rules for
    /// mixing kinds; this is the plain Swift notion used by tests and collections.
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)), (.int64(let a), .int64(let b)): a == b
        case (.uint(let a), .uint(let b)): a == b
        case (.float(let a), .float(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.map(let a), .map(let b)): a == b
        case (.record(let a), .record(let b)):
            a.typeName == b.typeName && a.fields.map(\.name) == b.fields.map(\.name)
                && a.fields.map(\.value) == b.fields.map(\.value)
        case (.time(let a), .time(let b)): a == b
        case (.function(let a), .function(let b)): a.name == b.name
        default: false
        }
    }
}
