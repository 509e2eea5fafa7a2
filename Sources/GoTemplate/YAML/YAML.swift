import GoCompat
import Yams

/// YAML read and written the way Go's `gopkg.in/yaml.v2` does, which is what existing
/// `shuttle.yaml` files, plans and templates were written against: YAML 1.1 scalars
/// (`yes`/`no`/`on`/`off` are booleans, `1.10` is the float 1.1), merge keys, sorted keys.
public enum YAML {
    /// Parses one YAML document into a value. An empty document is `.null`.
    public static func decode(_ text: String) throws(YAMLError) -> Value {
        guard let node = try compose(text) else { return .null }
        return try value(of: node)
    }

    /// Parses one YAML document into Yams nodes, which keep line and column marks.
    /// Duplicate keys in a mapping are errors.
    public static func compose(_ text: String) throws(YAMLError) -> Yams.Node? {
        do {
            let parser = try Yams.Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            return try parser.singleRoot()
        } catch let error as YamlError {
            throw YAMLError(error)
        } catch {
            throw YAMLError(line: nil, column: nil, message: "\(error)")
        }
    }

    /// The value of a composed node, with YAML 1.1 tag resolution and merge keys.
    public static func value(of node: Yams.Node) throws(YAMLError) -> Value {
        switch node {
        case .scalar(let scalar):
            return try value(of: scalar)
        case .sequence(let sequence):
            var items: [Value] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try value(of: item)) }
            return .list(items)
        case .mapping(let mapping):
            var map: [String: Value] = [:]
            var merged: [String: Value] = [:]
            for (key, item) in mapping {
                if case .scalar(let k) = key, k.string == "<<", k.style == .plain {
                    try merge(item, into: &merged, at: key.mark)
                    continue
                }
                map[try keyString(key)] = try value(of: item)
            }
            // Explicit keys win over merged ones, as yaml.v2 does.
            if !merged.isEmpty { map.merge(merged, uniquingKeysWith: { explicit, _ in explicit }) }
            // yaml.v2 decodes a mapping into interface{} as map[interface {}]interface {}.
            return .map(GoMap(map, kind: .interfaceToInterface))
        case .alias:
            // Yams resolves aliases while composing; a bare alias node cannot reach here.
            throw YAMLError(line: node.mark?.line, column: node.mark?.column, message: "unknown anchor")
        }
    }

    /// The string a mapping key stands for: scalars by their text, anything else is an error.
    public static func keyString(_ key: Yams.Node) throws(YAMLError) -> String {
        guard case .scalar(let scalar) = key else {
            throw YAMLError(line: key.mark?.line, column: key.mark?.column,
                            message: "mapping keys must be scalars, not a \(key.isMapping ? "mapping" : "sequence")")
        }
        switch try value(of: scalar) {
        case .null: return ""
        case .float(let f): return GoFloat.format(f, verb: "g", precision: nil)
        case let other: return other.printed()
        }
    }

    private static func merge(_ node: Yams.Node, into merged: inout [String: Value], at mark: Mark?) throws(YAMLError) {
        switch try value(of: node) {
        case .map(let map):
            merged.merge(map.entries, uniquingKeysWith: { first, _ in first })
        case .list(let maps) where node.isSequence:
            for item in maps {
                guard case .map(let map) = item else {
                    throw YAMLError(line: mark?.line, column: mark?.column, message: "map merge requires map or sequence of maps as the value")
                }
                merged.merge(map.entries, uniquingKeysWith: { first, _ in first })
            }
        default:
            throw YAMLError(line: mark?.line, column: mark?.column, message: "map merge requires map or sequence of maps as the value")
        }
    }
}

extension Yams.Node {
    var isMapping: Bool { if case .mapping = self { true } else { false } }
    var isSequence: Bool { if case .sequence = self { true } else { false } }
}

/// A YAML syntax or type error, with the 1-based line and column it was found at.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(line: Int?, column: Int?, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    init(_ error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { " \($0.text)" } ?? ""
            self.init(line: mark.line, column: mark.column, message: problem + detail)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            self.init(line: context.mark.line, column: context.mark.column,
                      message: "key \(keys) is set more than once in this mapping")
        case .reader(let problem, _, _, _):
            self.init(line: nil, column: nil, message: problem)
        default:
            self.init(line: nil, column: nil, message: error.description)
        }
    }

    /// `line N: message`, as yaml.v2 reports errors.
    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}
