extension JSONValue {
    /// The text Go's `json.Marshal` writes: compact, with `<`, `>`, `&` escaped as
    /// `encoding/json` does by default (`escapeHTML`; `json.Encoder.SetEscapeHTML(false)` turns
    /// it off).
    public func goCompact(escapeHTML: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: nil, depth: 0, escapeHTML: escapeHTML)
        return out
    }

    /// The text Go's `json.MarshalIndent(v, "", indent)` writes (no trailing newline).
    public func goIndented(_ indent: String = "  ", escapeHTML: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: indent, depth: 0, escapeHTML: escapeHTML)
        return out
    }

    private func write(into out: inout String, indent: String?, depth: Int, escapeHTML: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let bool): out += bool ? "true" : "false"
        case .number(let text): out += text
        case .string(let string): Self.writeGoString(string, into: &out, escapeHTML: escapeHTML)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (offset, item) in items.enumerated() {
                if offset > 0 { out += "," }
                Self.newline(&out, indent: indent, depth: depth + 1)
                item.write(into: &out, indent: indent, depth: depth + 1, escapeHTML: escapeHTML)
            }
            Self.newline(&out, indent: indent, depth: depth)
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (offset, member) in members.enumerated() {
                if offset > 0 { out += "," }
                Self.newline(&out, indent: indent, depth: depth + 1)
                Self.writeGoString(member.key, into: &out, escapeHTML: escapeHTML)
                out += indent == nil ? ":" : ": "
                member.value.write(into: &out, indent: indent, depth: depth + 1, escapeHTML: escapeHTML)
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

    /// A JSON string literal escaped exactly as Go's encoder (Go ≥ 1.22, which writes `\b` and
    /// `\f` short; U+2028 and U+2029 are always escaped).
    static func writeGoString(_ string: String, into out: inout String, escapeHTML: Bool) {
        // Most strings are printable ASCII with nothing to escape.
        if string.utf8.allSatisfy({
            $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C && !(escapeHTML && ($0 == 0x3C || $0 == 0x3E || $0 == 0x26))
        }) {
            out += "\""
            out += string
            out += "\""
            return
        }
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
            case "\u{2028}", "\u{2029}": out += "\\u" + Hex.digits(scalar.value, width: 4)
            case "<", ">", "&":
                if escapeHTML { out += "\\u" + Hex.digits(scalar.value, width: 4) } else { out.unicodeScalars.append(scalar) }
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + Hex.digits(scalar.value, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
