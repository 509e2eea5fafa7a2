import Foundation
import GoTemplate
import GoCompat

extension FunctionMap {
    /// The functions shuttle templates see: sprig's, with shuttle's own added and winning on
    /// name clashes (`get`, `int` and `trim` replace sprig's).
    public static let shuttle = FunctionMap.sprig.merging(FunctionMap(ShuttleFunctions.functions))
}

/// lunarway/shuttle's template functions (pkg/templates/funcs.go), as spec §4 describes them.
enum ShuttleFunctions {
    static let functions: [Function] = [
        Function("get", .exactly(2)) { a in get(try a[0].asString(), a[1]) },
        Function("string", .exactly(2)) { a in
            let value = get(try a[0].asString(), a[1])
            return .string(value == .null ? "" : value.printed())
        },
        Function("int", .exactly(2)) { a in
            switch get(try a[0].asString(), a[1]) {
            case .null: return 0
            case .int(let i): return .int(i)
            case let other:
                throw interfaceConversionError(other, to: "int")
            }
        },
        Function("array", .exactly(2)) { a in
            switch get(try a[0].asString(), a[1]) {
            case .list(let items): return .list(items)
            case .map(let map): return .list(map.keys.sorted(by: String.goLess).compactMap { map[$0] })
            default: return .list([])
            }
        },
        Function("objectArray", .exactly(2)) { a in
            guard case .map(let map) = get(try a[0].asString(), a[1]) else { return .list([]) }
            return .list(map.keys.sorted(by: String.goLess).map { key in
                .record(Record(typeName: "templates.KeyValuePair", fields: [("Key", .string(key)), ("Value", map[key] ?? .null)]))
            })
        },
        Function("strConst", .exactly(1)) { a in
            .string(GoStrings.mapScalars(GoStrings.replace(try a[0].asString(), old: ".", new: "_"), GoStrings.upper))
        },
        Function("is", .exactly(2)) { a in .bool(try interfaceEqual(a[0], a[1])) },
        Function("isnt", .exactly(2)) { a in .bool(!(try interfaceEqual(a[0], a[1]))) },
        Function("toYaml", .exactly(1)) { a in .string(YAML.encode(a[0])) },
        Function("fromYaml", .exactly(1)) { a in try fromYaml(try a[0].asString()) },
        Function("getFiles", .exactly(1)) { a in .list(GoFiles.readDirectory(try a[0].asString())) },
        Function("getFileContent", .exactly(1)) { a in .string(try GoFiles.readFile(try a[0].asString())) },
        Function("fileExists", .exactly(1)) { a in .bool(GoFiles.exists(try a[0].asString())) },
        Function("trim", .exactly(1)) { a in .string(try a[0].asString().trimmingGoSpace()) },
        Function("upperFirst", .exactly(1)) { a in
            let bytes = Array(try a[0].asString().utf8)
            guard let first = bytes.first else { return "" }
            let head = GoStrings.mapScalars(String(goBytes: [first]), GoStrings.upper)
            return .string(head + String(goBytes: bytes.dropFirst()))
        },
        Function("rightPad", .exactly(2)) { a in
            let s = try a[0].asString(), width = Int(clamping: (try a[1].asInt()).magnitude)
            // fmt refuses widths over a million and says so in the output.
            if width > 1_000_000 { return .string("%!(BADWIDTH)" + s) }
            let length = s.unicodeScalars.count
            return .string(length >= width ? s : s + String(repeating: " ", count: width - length))
        },
    ]

    /// yaml.v2 `Unmarshal` into `map[string]interface{}`: an empty document is an empty map,
    /// any other non-mapping document is an unmarshal error.
    static func fromYaml(_ text: String) throws(FunctionError) -> Value {
        let value: Value
        do {
            value = try YAML.decode(text)
        } catch {
            throw FunctionError("yaml: \(error.description)")
        }
        switch value {
        // Into a map[string]interface{}: the top map has string keys, the maps inside stay yaml.v2's.
        case .map(let map): return .map(map.entries)
        case .null: return .map([:])
        default:
            let tag: String
            switch value {
            case .list: tag = "!!seq"
            case .bool(let b): tag = "!!bool `\(b)`"
            case .int(let i), .int64(let i): tag = "!!int `\(i)`"
            case .float: tag = "!!float `\(text.trimmingGoSpace())`"
            default: tag = "!!str `\(value.sprigString)`"
            }
            throw FunctionError("yaml: unmarshal errors:\n  line 1: cannot unmarshal \(tag) into map[string]interface {}")
        }
    }

    /// `shuttle get`'s dot-path lookup: split on the first ".", index maps by key, recurse;
    /// indexing anything but a map, or a missing key, gives nil.
    static func get(_ path: String, _ input: Value) -> Value {
        guard let dot = path.firstIndex(of: ".") else { return index(input, path) }
        let step = index(input, String(path[..<dot]))
        if step == .null { return .null }
        return get(String(path[path.index(after: dot)...]), step)
    }

    private static func index(_ value: Value, _ key: String) -> Value {
        if case .map(let map) = value { return map[key] ?? .null }
        return .null
    }

    /// Go's `==` on two `interface{}` values: different dynamic types are unequal, and
    /// comparing two maps or slices panics.
    static func interfaceEqual(_ a: Value, _ b: Value) throws(FunctionError) -> Bool {
        guard a.goTypeName == b.goTypeName else { return false }
        switch a {
        case .list, .map, .function:
            throw goRuntimeError("comparing uncomparable type \(a.goTypeName)")
        case .record(let r):
            guard case .record(let s) = b else { return false }
            for (x, y) in zip(r.fields, s.fields) where !(try interfaceEqual(x.value, y.value)) { return false }
            return true
        default:
            return a == b
        }
    }
}
