import Foundation
import GoCompat

/// sprig's list functions (list.go). The plain names panic on a non-list and the `must`
/// variants return the error; in a template both become the same `error calling NAME: …`.
enum SprigLists {
    static let functions: [Function] = [
        Function("list", .atLeast(0)) { a in .list(a) },
        Function("tuple", .atLeast(0)) { a in .list(a) },
    ]
        + both("append", "mustAppend") { a in .list(try items(a[0], "push") + [a[1]]) }
        + both("push", "mustPush") { a in .list(try items(a[0], "push") + [a[1]]) }
        + both("prepend", "mustPrepend") { a in .list([a[1]] + (try items(a[0], "prepend"))) }
        + both("first", "mustFirst", arity: .exactly(1)) { a in try items(a[0], "find first").first ?? .null }
        + both("last", "mustLast", arity: .exactly(1)) { a in try items(a[0], "find last").last ?? .null }
        + both("rest", "mustRest", arity: .exactly(1)) { a in .list(Array(try items(a[0], "find rest").dropFirst())) }
        + both("initial", "mustInitial", arity: .exactly(1)) { a in
            .list(Array(try items(a[0], "find initial").dropLast()))
        }
        + both("reverse", "mustReverse", arity: .exactly(1)) { a in .list(try items(a[0], "find reverse").reversed()) }
        + both("compact", "mustCompact", arity: .exactly(1)) { a in
            .list(try items(a[0], "compact").filter { !$0.isGoEmpty })
        }
        + both("uniq", "mustUniq", arity: .exactly(1)) { a in
            var unique: [Value] = []
            for item in try items(a[0], "find uniq") where !unique.contains(item) { unique.append(item) }
            return .list(unique)
        }
        + both("without", "mustWithout", arity: .atLeast(1)) { a in
            let omit = Array(a.dropFirst())
            return .list(try items(a[0], "find without").filter { !omit.contains($0) })
        }
        + both("has", "mustHas") { a in
            if a[1] == .null { return false }
            return .bool(try items(a[1], "find has").contains(a[0]))
        }
        + both("slice", "mustSlice", arity: .atLeast(1)) { a in try slice(a) }
        + both("chunk", "mustChunk") { a in try chunk(size: try a[0].asInt(), a[1]) }
        + [
            Function("concat", .atLeast(0)) { a in
                var result: [Value] = []
                for list in a {
                    guard case .list(let items) = list else {
                        if list == .null { throw nilPointerError }
                        throw FunctionError("Cannot concat type \(list.goKind) as list")
                    }
                    result += items
                }
                return .list(result)
            },
            Function("sortAlpha", .exactly(1)) { a in
                guard case .list = a[0] else { return .strings([a[0].sprigString]) }
                return .strings(stringSlice(a[0]).sorted(by: String.goLess))
            },
        ]

    /// The same body under the panicking and the `must` name.
    private static func both(
        _ name: String, _ mustName: String, arity: Function.Arity = .exactly(2),
        _ body: @escaping @Sendable ([Value]) throws -> Value
    ) -> [Function] {
        [Function(name, arity, body), Function(mustName, arity, body)]
    }

    /// The elements of a Go slice argument, or sprig's `Cannot <verb> on type <kind>`.
    static func items(_ value: Value, _ verb: String) throws(FunctionError) -> [Value] {
        switch value {
        case .list(let items): return items.elements
        case .null: throw nilPointerError
        default: throw FunctionError("Cannot \(verb) on type \(value.goKind)")
        }
    }

    /// sprig `strslice`: a list's non-nil elements as strings; nil → []; a scalar → [it].
    static func stringSlice(_ value: Value) -> [String] {
        switch value {
        case .list(let items): return items.filter { $0 != .null }.map(\.sprigString)
        case .null: return []
        default: return [value.sprigString]
        }
    }

    private static func slice(_ a: [Value]) throws -> Value {
        guard case .list(let items) = a[0] else {
            if a[0] == .null { throw nilPointerError }
            throw FunctionError("list should be type of slice or array but \(a[0].goKind)")
        }
        if items.isEmpty { return .null }
        let start = a.count > 1 ? a[1].castInt : 0
        let end = a.count > 2 ? a[2].castInt : items.count
        guard start >= 0, start <= end, end <= items.count else {
            throw FunctionError("reflect.Value.Slice: slice index out of range")
        }
        return .list(Array(items[start..<end]))
    }

    private static func chunk(size: Int, _ list: Value) throws -> Value {
        guard case .list(let items) = list else {
            if list == .null { throw nilPointerError }
            throw FunctionError("Cannot chunk type \(list.goKind)")
        }
        if items.isEmpty { return .list([]) }
        guard size > 0 else { throw goRuntimeError("makeslice: len out of range") }
        return .list(stride(from: 0, to: items.count, by: size).map { .list(Array(items[$0..<min($0 + size, items.count)])) })
    }
}

/// sprig's string-slice functions (split, splitList, splitn, join, toStrings).
enum SprigStringLists {
    static let functions: [Function] = [
        Function("splitList", .exactly(2)) { a in
            .strings(GoStrings.split(try a[1].asString(), separator: try a[0].asString(), limit: -1))
        },
        Function("split", .exactly(2)) { a in
            indexed(GoStrings.split(try a[1].asString(), separator: try a[0].asString(), limit: -1))
        },
        Function("splitn", .exactly(3)) { a in
            indexed(GoStrings.split(try a[2].asString(), separator: try a[0].asString(), limit: try a[1].asInt()))
        },
        Function("join", .exactly(2)) { a in
            .string(SprigLists.stringSlice(a[1]).joined(separator: try a[0].asString()))
        },
        Function("toStrings", .exactly(1)) { a in .strings(SprigLists.stringSlice(a[0])) },
    ]

    /// `split` returns a map with keys `_0`, `_1`, … so templates can write `$parts._0`.
    private static func indexed(_ parts: [String]) -> Value {
        var map: [String: Value] = [:]
        for (i, part) in parts.enumerated() { map["_\(i)"] = .string(part) }
        return .map(GoMap(map, kind: .stringToString))
    }
}
