import Foundation

extension JSONValue {
    /// The text Go's `json.Marshal` writes: compact, with `<`, `>`, `&`, U+2028 and U+2029
    /// escaped as `encoding/json` does by default.
    public func goCompact() -> String {
        var out = ""
        write(into: &out, indent: nil, depth: 0)
        return out
    }

    /// The text Go's `json.MarshalIndent(v, "", indent)` writes (no trailing newline).
    public func goIndented(_ indent: String = "  ") -> String {
        var out = ""
        write(into: &out, indent: indent, depth: 0)
        return out
    }

    private func write(into out: inout String, indent: String?, depth: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let bool): out += bool ? "true" : "false"
        case .number(let text): out += text
        case .string(let string): Self.writeGoString(string, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (offset, item) in items.enumerated() {
                if offset > 0 { out += "," }
                Self.newline(&out, indent: indent, depth: depth + 1)
                item.write(into: &out, indent: indent, depth: depth + 1)
            }
            Self.newline(&out, indent: indent, depth: depth)
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (offset, member) in members.enumerated() {
                if offset > 0 { out += "," }
                Self.newline(&out, indent: indent, depth: depth + 1)
                Self.writeGoString(member.key, into: &out)
                out += indent == nil ? ":" : ": "
                member.value.write(into: &out, indent: indent, depth: depth + 1)
            }
            Self.newline(&out, indent: indent, depth: depth)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, indent: String?, depth: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<depth { out += indent }
    }

    /// A JSON string literal escaped exactly as Go's encoder (HTML escaping on, Go ≥ 1.22).
    static func writeGoString(_ string: String, into out: inout String) {
        let hex: [Character] = Array("0123456789abcdef")
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                let value = scalar.value
                out += "\\u"
                out.append(hex[Int((value >> 12) & 0xF)])
                out.append(hex[Int((value >> 8) & 0xF)])
                out.append(hex[Int((value >> 4) & 0xF)])
                out.append(hex[Int(value & 0xF)])
            default:
                if scalar.value < 0x20 {
                    out += "\\u00"
                    out.append(hex[Int(scalar.value >> 4)])
                    out.append(hex[Int(scalar.value & 0xF)])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
