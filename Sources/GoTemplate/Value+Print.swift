import Foundation
import GoCompat

extension Value {
    /// The value printed as Go's `fmt` prints it with `%v` (`%+v` with `plusFields`):
    /// `<nil>`, `[a b]`, `map[a:1 b:2]` (sorted keys), `{v1 v2}`, shortest floats (`1e+06`).
    public func printed(plusFields: Bool = false) -> String {
        var out = ""
        print(into: &out, plusFields: plusFields)
        return out
    }

    func print(into out: inout String, plusFields: Bool) {
        switch self {
        case .null: out += "<nil>"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i), .int64(let i): out += String(i)
        case .uint(let u): out += String(u)
        case .float(let f): out += GoFloat.format(f, verb: "g", precision: nil)
        case .string(let s): out += s
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += " " }
                item.print(into: &out, plusFields: plusFields)
            }
            out += "]"
        case .map(let map):
            out += "map["
            for (i, key) in Value.goSortedKeys(map.entries).enumerated() {
                if i > 0 { out += " " }
                out += key
                out += ":"
                (map[key] ?? .null).print(into: &out, plusFields: plusFields)
            }
            out += "]"
        case .record(let record):
            out += "{"
            for (i, field) in record.fields.enumerated() {
                if i > 0 { out += " " }
                if plusFields { out += field.name + ":" }
                field.value.print(into: &out, plusFields: plusFields)
            }
            out += "}"
        case .time(let t): out += t.goString
        case .function(let f): out += "func(\(f.name))"
        }
    }
}

extension Value {
    /// A map's keys in Go's order: byte-wise, as Go compares strings.
    static func goSortedKeys(_ map: [String: Value]) -> [String] {
        map.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
