import Foundation
import Yams

extension MoonbaseConfiguration {
    /// Applies `moonbase.yaml` strictly: an unknown or repeated key (Yams refuses those), or a value of the wrong
    /// type, is an error naming the file, the line and what is allowed.
    ///
    /// ```yaml
    /// listen: 0.0.0.0:8080
    /// configRepository:
    ///   url: git@github.com:example/config.git
    ///   branch: master
    /// environments: [dev, staging, prod]
    /// tokens:
    ///   artifact: [secret-for-ci]
    /// ```
    mutating func apply(file path: String) throws(ConfigurationError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError("\(path): cannot read the configuration file: \(error.localizedDescription)")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError("\(path): not valid YAML: \(error)")
        }
        guard let root else { return }
        try apply(mapping: root, prefix: "", path: path)
    }

    /// Keys of a mapping at `prefix` ("" for the top level, "jwt." for a section).
    private mutating func apply(mapping node: Node, prefix: String, path: String) throws(ConfigurationError) {
        let sectionName = prefix.isEmpty ? "the file" : "'\(prefix.dropLast())'"
        guard case .mapping(let mapping) = node else {
            throw ConfigurationError("\(Self.location(path, node)): \(sectionName) must be a mapping of keys to values")
        }
        let leaves = Key.allCases.map(\.rawValue).filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        var allowed = leaves.reduce(into: [String]()) { names, leaf in
            let name = leaf.split(separator: ".").first.map(String.init) ?? leaf
            if !names.contains(name) { names.append(name) }
        }
        if prefix.isEmpty { allowed.append("notifications") }
        for (keyNode, value) in mapping {
            let location = Self.location(path, keyNode)
            guard let name = keyNode.scalar?.string else {
                throw ConfigurationError("\(location): keys must be plain names; allowed keys: \(allowed.joined(separator: ", "))")
            }
            guard allowed.contains(name) else {
                throw ConfigurationError("\(location): unknown key '\(prefix)\(name)'; allowed keys\(prefix.isEmpty ? "" : " in \(sectionName)"): \(allowed.joined(separator: ", "))")
            }
            if prefix.isEmpty, name == "notifications" {
                try applyNotifications(value, path: path)
                continue
            }
            guard let key = Key(rawValue: prefix + name) else {
                try apply(mapping: value, prefix: prefix + name + ".", path: path)
                continue
            }
            try set(key, try Self.rawSetting(value, key: key, path: path), from: Self.location(path, value))
        }
    }

    private static func rawSetting(_ node: Node, key: Key, path: String) throws(ConfigurationError) -> RawSetting {
        let expected = key.isList ? "a list of strings" : "a string"
        switch node {
        case .scalar(let scalar):
            if key.isList, scalar.string.isEmpty || node.null != nil { return .list([]) }
            guard !key.isList else { break }
            return .text(node.null != nil ? "" : scalar.string)
        case .sequence(let sequence):
            guard key.isList else { break }
            var items: [String] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else {
                    throw ConfigurationError("\(location(path, item)): \(key.rawValue) must be \(expected)")
                }
                items.append(scalar.string)
            }
            return .list(items)
        default:
            break
        }
        throw ConfigurationError("\(location(path, node)): \(key.rawValue) must be \(expected)")
    }

    private static func location(_ path: String, _ node: Node) -> String {
        "\(path):\(node.mark?.line ?? 1)"
    }
}
