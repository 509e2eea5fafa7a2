import GoTemplate
import Yams

/// Strict reading of configuration files: every error names the file, line and key.
struct StrictYAML {
    /// The path shown in messages.
    let file: String

    /// Parses `text`; syntax errors and duplicate keys become configuration errors.
    func root(_ text: String) throws(ShuttleError) -> Node? {
        do {
            return try YAML.compose(text)
        } catch {
            throw at(error.line, error.column, error.message)
        }
    }

    func at(_ line: Int?, _ column: Int?, _ message: String) -> ShuttleError {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return .configuration("\(location): \(message)")
    }

    func at(_ node: Node, _ message: String) -> ShuttleError {
        at(node.mark?.line, node.mark?.column, message)
    }

    /// The mapping's entries by key, after checking that it is a mapping with only `allowed` keys.
    func mapping(_ node: Node, _ what: String, allowed: [String]) throws(ShuttleError) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let mapping) = node else {
            throw at(node, "\(what) must be a mapping, not \(describe(node))")
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            let key = try string(keyNode, "a key in \(what)")
            if !allowed.contains(key) {
                throw at(keyNode, "unknown key \"\(key)\" in \(what); allowed keys are \(allowed.joined(separator: ", "))")
            }
            entries.append((key, keyNode, value))
        }
        return entries
    }

    /// A mapping with free keys (script names), in file order.
    func namedEntries(_ node: Node, _ what: String) throws(ShuttleError) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let mapping) = node else {
            throw at(node, "\(what) must be a mapping, not \(describe(node))")
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            entries.append((try string(keyNode, "a name in \(what)"), keyNode, value))
        }
        return entries
    }

    func list(_ node: Node, _ what: String) throws(ShuttleError) -> [Node] {
        if isNull(node) { return [] }
        guard case .sequence(let sequence) = node else {
            throw at(node, "\(what) must be a list, not \(describe(node))")
        }
        return Array(sequence)
    }

    /// A scalar that YAML 1.1 reads as a string (numbers are taken as their text, as Go does
    /// for string fields only when quoted; here a number where text is expected is an error).
    func string(_ node: Node, _ what: String) throws(ShuttleError) -> String {
        guard case .scalar(let scalar) = node else {
            throw at(node, "\(what) must be a string, not \(describe(node))")
        }
        switch try value(scalar: node) {
        case .string(let s): return s
        case .null: return ""
        case let other:
            throw at(node, "\(what) must be a string, not the \(other.goTypeName) \(scalar.string); quote it if text is meant")
        }
    }

    func bool(_ node: Node, _ what: String) throws(ShuttleError) -> Bool {
        switch try value(scalar: node) {
        case .bool(let b): return b
        case .null: return false
        default: throw at(node, "\(what) must be true or false, not \(describe(node))")
        }
    }

    func value(_ node: Node) throws(ShuttleError) -> Value {
        do {
            return try YAML.value(of: node)
        } catch {
            throw at(error.line ?? node.mark?.line, error.column ?? node.mark?.column, error.message)
        }
    }

    /// A `vars:` mapping (empty when null).
    func vars(_ node: Node) throws(ShuttleError) -> Value {
        switch try value(node) {
        // Shuttle unmarshals vars into a map[string]interface{}; the maps inside stay yaml.v2's.
        case .map(let map): return .map(map.entries)
        case .null: return .map([:])
        default: throw at(node, "vars must be a mapping, not \(describe(node))")
        }
    }

    private func value(scalar node: Node) throws(ShuttleError) -> Value {
        guard case .scalar = node else { throw at(node, "expected a scalar, not \(describe(node))") }
        return try value(node)
    }

    func isNull(_ node: Node) -> Bool {
        if case .scalar(let s) = node, s.style == .plain, case .null = YAML.resolvePlain(s.string) { return true }
        return false
    }

    /// "a list", "a mapping", or the scalar's type and text, for messages.
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            let resolved = (try? YAML.value(of: node)) ?? .string(s.string)
            switch resolved {
            case .null: return "null"
            case .string: return "the string \"\(s.string)\""
            default: return "the \(resolved.goTypeName) \(s.string)"
            }
        }
    }
}
