import GoCompat

/// Go's `encoding/json` for template values: `Marshal` (sorted map keys, HTML-escaped `<>&`,
/// Go float formatting), `MarshalIndent`, and `Unmarshal` into `interface{}` (numbers as
/// float64), on GoCompat's ``JSONValue``.
enum GoJSON {
    struct EncodingError: Error { let message: String }

    static func encode(_ value: Value, escapeHTML: Bool = true, indent: String? = nil) throws(EncodingError) -> String {
        let tree = try jsonValue(value)
        if let indent { return tree.goIndented(indent, escapeHTML: escapeHTML) }
        return tree.goCompact(escapeHTML: escapeHTML)
    }

    static func jsonValue(_ value: Value) throws(EncodingError) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i), .int64(let i): return .number(String(i))
        case .uint(let u): return .number(String(u))
        case .float(let f):
            guard let text = GoFloat.json(f) else {
                throw EncodingError(message: "json: unsupported value: \(GoFloat.format(f, verb: "g", precision: nil))")
            }
            return .number(text)
        case .string(let s): return .string(s)
        case .time(let t): return .string(t.formatted(GoTimeLayout.rfc3339Nano))
        case .function: throw EncodingError(message: "json: unsupported type: func()")
        case .list(let items):
            var array: [JSONValue] = []
            array.reserveCapacity(items.count)
            for item in items { array.append(try jsonValue(item)) }
            return .array(array)
        case .map(let map):
            // yaml.v2's maps have interface keys, which encoding/json refuses.
            if map.kind == .interfaceToInterface { throw EncodingError(message: "json: unsupported type: \(map.kind.rawValue)") }
            var members: [JSONValue.Member] = []
            for key in map.keys.sorted(by: String.goLess) { members.append(.init(key, try jsonValue(map[key] ?? .null))) }
            return .object(members)
        case .record(let record):
            var members: [JSONValue.Member] = []
            for field in record.fields { members.append(.init(field.name, try jsonValue(field.value))) }
            return .object(members)
        }
    }

    struct DecodingError: Error { let message: String }

    /// `json.Unmarshal` into `interface{}`.
    static func decode(_ text: String) throws(DecodingError) -> Value {
        let tree: JSONValue
        do {
            tree = try JSONValue.parse(text)
        } catch {
            throw DecodingError(message: error.reason)
        }
        return try value(tree)
    }

    private static func value(_ tree: JSONValue) throws(DecodingError) -> Value {
        switch tree {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let text):
            guard let number = Double(text), number.isFinite else {
                throw DecodingError(message: "json: cannot unmarshal number \(text) into Go value of type float64")
            }
            return .float(number)
        case .string(let s): return .string(s)
        case .array(let items):
            var list: [Value] = []
            list.reserveCapacity(items.count)
            for item in items { list.append(try value(item)) }
            return .list(list)
        case .object(let members):
            var map: [String: Value] = [:]
            for member in members { map[member.key] = try value(member.value) }
            return .map(map)
        }
    }
}
