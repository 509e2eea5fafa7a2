import Yams

/// A named list of actions with declared arguments: `shuttle run NAME`.
public struct Script: Sendable, Equatable {
    public var name: String
    public var description: String
    public var arguments: [ScriptArgument]
    public var actions: [Action]

    public init(name: String, description: String = "", arguments: [ScriptArgument] = [], actions: [Action]) {
        self.name = name
        self.description = description
        self.arguments = arguments
        self.actions = actions
    }
}

/// An argument a script declares; actions see it as the environment variable `name`.
public struct ScriptArgument: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case string
        /// `--flag` alone means true.
        case bool
    }

    public var name: String
    public var required: Bool
    public var kind: Kind
    public var description: String

    public init(name: String, required: Bool = false, kind: Kind = .string, description: String = "") {
        self.name = name
        self.required = required
        self.kind = kind
        self.description = description
    }

    /// The flag name: `GO_VERSION` → `go-version`, `imageTag` → `image-tag`.
    public var flagName: String { Self.kebabCase(name) }

    static func kebabCase(_ name: String) -> String {
        var out = ""
        var previous: Character?
        for ch in name {
            if ch == "_" || ch == " " {
                if !out.isEmpty, out.last != "-" { out.append("-") }
            } else if ch.isUppercase {
                if let p = previous, p.isLowercase || p.isNumber, out.last != "-" { out.append("-") }
                out.append(Character(ch.lowercased()))
            } else {
                out.append(ch)
            }
            previous = ch
        }
        return out
    }
}

/// One step of a script.
public enum Action: Sendable, Equatable {
    /// POSIX shell code, run with `sh -c` in the project directory.
    case shell(String)
    /// An action kind Moonbase's shuttle has no executor for (`task:` golang actions,
    /// `dockerfile:`); running it is an error that says what to use instead.
    case unsupported(kind: String, location: String)
}

extension Script {
    static let keys = ["description", "args", "actions"]
    static let argumentKeys = ["name", "required", "type", "description"]
    static let actionKeys = ["shell", "task", "dockerfile"]

    /// Reads the `scripts:` mapping of shuttle.yaml or plan.yaml.
    static func parseAll(_ node: Node, in yaml: StrictYAML) throws(ShuttleError) -> [String: Script] {
        var scripts: [String: Script] = [:]
        if yaml.isNull(node) { return scripts }
        for entry in try yaml.namedEntries(node, "scripts") {
            scripts[entry.key] = try parse(entry.key, entry.value, in: yaml)
        }
        return scripts
    }

    static func parse(_ name: String, _ node: Node, in yaml: StrictYAML) throws(ShuttleError) -> Script {
        var script = Script(name: name, actions: [])
        if yaml.isNull(node) { return script }
        for entry in try yaml.mapping(node, "script \"\(name)\"", allowed: keys) {
            switch entry.key {
            case "description":
                script.description = try yaml.string(entry.value, "scripts.\(name).description")
            case "args":
                for (i, argNode) in try yaml.list(entry.value, "scripts.\(name).args").enumerated() {
                    script.arguments.append(try parseArgument(argNode, "scripts.\(name).args[\(i)]", in: yaml))
                }
            default:
                for (i, actionNode) in try yaml.list(entry.value, "scripts.\(name).actions").enumerated() {
                    script.actions.append(try parseAction(actionNode, "scripts.\(name).actions[\(i)]", in: yaml))
                }
            }
        }
        var seen = Set<String>()
        for argument in script.arguments where !seen.insert(argument.flagName).inserted {
            throw yaml.at(node, "script \"\(name)\" declares the argument \"\(argument.name)\" (--\(argument.flagName)) twice")
        }
        return script
    }

    private static func parseArgument(_ node: Node, _ what: String, in yaml: StrictYAML) throws(ShuttleError) -> ScriptArgument {
        var argument = ScriptArgument(name: "")
        for entry in try yaml.mapping(node, what, allowed: argumentKeys) {
            switch entry.key {
            case "name": argument.name = try yaml.string(entry.value, "\(what).name")
            case "required": argument.required = try yaml.bool(entry.value, "\(what).required")
            case "type": argument.kind = try yaml.string(entry.value, "\(what).type") == "bool" ? .bool : .string
            default: argument.description = try yaml.string(entry.value, "\(what).description")
            }
        }
        if argument.name.isEmpty {
            throw yaml.at(node, "\(what) has no name; every argument needs `name:`")
        }
        return argument
    }

    private static func parseAction(_ node: Node, _ what: String, in yaml: StrictYAML) throws(ShuttleError) -> Action {
        var shell: String?
        var other: String?
        for entry in try yaml.mapping(node, what, allowed: actionKeys) {
            if entry.key == "shell" {
                shell = try yaml.string(entry.value, "\(what).shell")
            } else {
                other = entry.key
            }
        }
        if let shell { return .shell(shell) }
        let line = node.mark.map { "\(yaml.file):\($0.line)" } ?? yaml.file
        guard let other else {
            throw yaml.at(node, "\(what) has nothing to run; give it `shell: <command>`")
        }
        return .unsupported(kind: other, location: "\(what) (\(line))")
    }
}
