/// What `shuttle run SCRIPT ARGS…` asked for: argument values and run options.
///
/// Arguments are given as `--kebab-name value`, `--kebab-name=value`, `--bool-flag`, or the
/// legacy `name=value` (name as declared, which wins over a flag for the same argument). With
/// `--validate=false`, as the reference does, undeclared `name=value` pairs are passed through
/// and other positional words are ignored.
public struct ScriptInvocation: Sendable, Equatable {
    /// Values by declared argument name (and undeclared legacy names with `--validate=false`).
    public var values: [String: String] = [:]
    public var validate = true
    public var interactive: Bool
    /// `--help`/`-h`: describe the script instead of running it.
    public var help = false
    /// `--template`: with `--help`, render the script's description with this template.
    public var template: String?

    public init(interactive: Bool = false) {
        self.interactive = interactive
    }

    /// Parses the tokens after the script name.
    public static func parse(_ tokens: [String], for script: Script, interactiveByDefault: Bool) throws(ShuttleError) -> ScriptInvocation {
        var invocation = ScriptInvocation(interactive: interactiveByDefault)
        var legacy: [(String, String)] = []
        var positional: [String] = []
        let byFlag = Dictionary(script.arguments.map { ($0.flagName, $0) }, uniquingKeysWith: { first, _ in first })
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if token == "--" { continue }
            if token.hasPrefix("--") || token == "-h" {
                let body = token == "-h" ? "help" : String(token.dropFirst(2))
                let (name, inlineValue) = splitAtEquals(body)
                if let argument = byFlag[name] {
                    switch argument.kind {
                    case .bool:
                        invocation.values[argument.name] = try parseBool(inlineValue ?? "true", flag: name) ? "true" : "false"
                    case .string:
                        if let inlineValue {
                            invocation.values[argument.name] = inlineValue
                        } else {
                            guard index < tokens.count else { throw .usage("flag needs an argument: --\(name)") }
                            invocation.values[argument.name] = tokens[index]
                            index += 1
                        }
                    }
                    continue
                }
                switch name {
                case "validate": invocation.validate = try parseBool(inlineValue ?? "true", flag: name)
                case "interactive": invocation.interactive = try parseBool(inlineValue ?? "true", flag: name)
                case "help": invocation.help = true
                case "template":
                    if let inlineValue {
                        invocation.template = inlineValue
                    } else {
                        guard index < tokens.count else { throw .usage("flag needs an argument: --template") }
                        invocation.template = tokens[index]
                        index += 1
                    }
                default:
                    throw .usage("unknown flag: --\(name) for script \"\(script.name)\"\(describeFlags(script))")
                }
                continue
            }
            if let equals = token.firstIndex(of: "=") {
                legacy.append((String(token[..<equals]), String(token[token.index(after: equals)...])))
                continue
            }
            positional.append(token)
        }
        if invocation.validate, let token = positional.first {
            throw .usage("unexpected argument \"\(token)\" for script \"\(script.name)\": give arguments as --name value or name=value\(describeFlags(script))")
        }
        for (name, value) in legacy {
            if invocation.validate, !script.arguments.contains(where: { $0.name == name }) {
                throw .usage("unknown argument \"\(name)\" for script \"\(script.name)\"\(describeFlags(script))\n(use --validate=false to pass undeclared arguments through)")
            }
            invocation.values[name] = value
        }
        return invocation
    }

    /// Required arguments that have no value, in name order.
    public func missingRequired(in script: Script) -> [ScriptArgument] {
        script.arguments.filter { $0.required && (values[$0.name] ?? "").isEmpty }.sorted { $0.name < $1.name }
    }

    private static func splitAtEquals(_ body: String) -> (String, String?) {
        guard let equals = body.firstIndex(of: "=") else { return (body, nil) }
        return (String(body[..<equals]), String(body[body.index(after: equals)...]))
    }

    /// Go's `strconv.ParseBool`.
    private static func parseBool(_ text: String, flag: String) throws(ShuttleError) -> Bool {
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False": return false
        default: throw .usage("invalid argument \"\(text)\" for \"--\(flag)\" flag: use true or false")
        }
    }

    static func describeFlags(_ script: Script) -> String {
        if script.arguments.isEmpty { return "; it takes no arguments" }
        let names = script.arguments.map { "--\($0.flagName)" }.joined(separator: ", ")
        return "; its arguments are \(names)"
    }
}
